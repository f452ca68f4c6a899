// Settings → XMPP apps end to end: a person reads what to enter in an XMPP app, makes an app
// password in the page and copies it, and an XMPP client library (@xmpp/client, from this test)
// signs in with exactly what the page showed — address, port, certificate — and sees a web
// contact's presence change. Revoking the app password in the page stops it working.
import { connect as tlsConnect } from "node:tls";
import { expect, type Page, test } from "@playwright/test";
import type { Element } from "@xmpp/xml";
import { xml, xmppClient, type XmppTestClient } from "../tests/integration/xmpp-client";
import { befriend, newPerson, section, setStatus } from "./helpers";

const PHONE = { width: 390, height: 844 };

/** The certificate the direct-TLS port presents, as its SHA-256 fingerprint. */
function servedFingerprint(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = tlsConnect({ host: "127.0.0.1", port, servername: "localhost", rejectUnauthorized: false, ALPNProtocols: ["xmpp-client"] }, () => {
      resolve(socket.getPeerCertificate().fingerprint256);
      socket.end();
    });
    socket.once("error", reject);
  });
}

async function shown(page: Page, testId: string) {
  return (await page.getByTestId(testId).textContent())?.trim() ?? "";
}

test("an app password made in settings signs an XMPP app in, which then sees a web contact's presence", async ({ browser }) => {
  const alice = await newPerson(browser, "xweb");
  const bob = await newPerson(browser, "xapp");
  await befriend(alice, bob);

  const page = bob.page;
  await page.goto("/settings");
  const card = section(page, "XMPP apps");
  await expect(card).toBeVisible();

  // What to enter: the address, the ports, and the fingerprint of the certificate actually served.
  await expect(card.getByTestId("xmpp-address")).toHaveText(`${bob.username}@localhost`);
  const port = Number(await shown(page, "xmpp-port"));
  const tlsPort = Number(await shown(page, "xmpp-tls-port"));
  expect(port).toBeGreaterThan(0);
  expect(await shown(page, "xmpp-fingerprint")).toBe(await servedFingerprint(tlsPort));

  // On a phone the card fits the screen.
  await page.setViewportSize(PHONE);
  await card.scrollIntoViewIfNeeded();
  expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
  await page.setViewportSize({ width: 1280, height: 720 });

  // An app password, shown once.
  await card.getByLabel("App name").fill("profanity");
  await card.getByRole("button", { name: "Create app password" }).click();
  const secret = (await card.getByRole("region", { name: "New app password" }).getByTestId("token-secret").textContent())?.trim() ?? "";
  expect(secret.length).toBeGreaterThan(20);
  await card.getByRole("button", { name: "I have copied it" }).click();
  await expect(card.getByRole("list", { name: "Your app passwords" }).getByTestId("access-token")).toContainText("profanity");
  // It is a token like the others, with only the XMPP scope.
  await expect(section(page, "Personal access tokens").getByTestId("token-scopes")).toHaveText("Sign in from XMPP apps");

  let client: XmppTestClient | null = null;
  try {
    client = await xmppClient(port, bob.username, secret, { resource: "profanity" });
    await client.send(xml("presence"));
    const fromAlice = (test: (stanza: Element) => boolean) => (stanza: Element) =>
      stanza.name === "presence" && (stanza.attrs.from ?? "").startsWith(`${alice.username}@localhost`) && test(stanza);
    // Alice is online in her browser: the app is told at once.
    await client.waitFor(fromAlice((stanza) => stanza.attrs.type === undefined), 10_000);

    // Alice sets a status in the web app; the XMPP app sees it as show and status.
    await setStatus(alice.page, "Busy", "in a meeting");
    const busy = await client.waitFor(fromAlice((stanza) => stanza.getChildText("show") === "dnd"), 10_000);
    expect(busy.getChildText("status")).toBe("in a meeting");
  } finally {
    await client?.stop();
  }

  // Revoked in the page: the same app password no longer signs in.
  const row = card.getByRole("list", { name: "Your app passwords" }).getByTestId("access-token");
  await row.getByRole("button", { name: "Revoke profanity" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Revoke token" }).click();
  await expect(card.getByText("No app passwords yet.")).toBeVisible();
  await expect(xmppClient(port, bob.username, secret, { mechanism: "PLAIN" })).rejects.toThrow();
});
