// An XMPP app spends the same per-account command allowances as the account's tabs: past the
// limit of a class, its stanzas are refused with resource-constraint (type wait) and change
// nothing, and the web app's commands of that class are refused too.
import { describe, expect, it } from "vitest";
import { ask, connectedUser, PASSWORD } from "./harness";
import { xmppTestServer } from "./xmpp/test-server";
import { xml, xmppClient } from "./xmpp-client";

const endpoint = xmppTestServer({ SETTINGS_COMMANDS_PER_MINUTE: "2" });

/** A vCard set of the display name, answered: its type and its error condition, if any. */
async function setName(client: Awaited<ReturnType<typeof xmppClient>>, name: string) {
  const id = crypto.randomUUID();
  await client.send(xml("iq", { type: "set", id }, xml("vCard", { xmlns: "vcard-temp" }, xml("FN", {}, name))));
  const answer = await client.waitFor((stanza) => stanza.name === "iq" && stanza.attrs.id === id);
  const error = answer.getChild("error");
  return { type: answer.attrs.type, errorType: error?.attrs.type, condition: error?.getChildElements()[0]?.name };
}

describe("XMPP command limits", () => {
  it("refuses a class past its allowance, whichever app spends it, and changes nothing", async () => {
    const { username, socket } = await connectedUser(endpoint.server(), "limited");
    const client = endpoint.track(await xmppClient(endpoint.port(), username, PASSWORD));
    expect(await setName(client, "First")).toMatchObject({ type: "result" });
    expect(await setName(client, "Second")).toMatchObject({ type: "result" });
    expect(await setName(client, "Third")).toEqual({ type: "error", errorType: "wait", condition: "resource-constraint" });
    // The tab's settings commands share the account's allowance.
    const fromTab = await ask(socket, "profile:set-display-name", { displayName: "From the tab" });
    expect(fromTab).toMatchObject({ ok: false, error: { code: "rate_limited" } });
    // Other classes are untouched: reading the card is a lookup, and it shows the second name.
    const card = await client.iq("get", xml("vCard", { xmlns: "vcard-temp" }));
    expect(card.getChild("vCard")?.getChildText("FN")).toBe("Second");
  });
});
