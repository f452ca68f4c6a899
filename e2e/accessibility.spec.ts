// Every page, in light and dark mode, on a phone and on a desktop: axe (WCAG 2.0/2.1 A and AA)
// finds no violation. The main screens are saved to e2e-screens/ (kept out of git) for review.
import { mkdirSync } from "node:fs";
import { AxeBuilder } from "@axe-core/playwright";
import { type Browser, expect, type Page, test } from "@playwright/test";
import sharp from "sharp";
import {
  befriend,
  conversationView,
  expectConnected,
  messageItem,
  newPerson,
  openConversation,
  type Person,
  sendMessage,
  signInAsAdmin,
} from "./helpers";

const SIZES = [
  { name: "phone", viewport: { width: 390, height: 844 } },
  { name: "desktop", viewport: { width: 1280, height: 800 } },
] as const;
const SCHEMES = ["light", "dark"] as const;
const SCREENS_DIR = "e2e-screens";

async function expectNoViolations(page: Page, what: string) {
  const { violations } = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21aa"]).analyze();
  const found = violations.map((violation) => ({
    rule: violation.id,
    help: violation.help,
    nodes: violation.nodes.map((node) => `${node.target.join(" ")}: ${node.failureSummary ?? ""}`),
  }));
  // Soft: one run reports every page's violations, not only the first page's.
  expect.soft(found, `axe on ${what}`).toEqual([]);
}

async function check(page: Page, what: string, shot: string | null) {
  // Transitions settle first, so colours are measured as they end up.
  await page.waitForLoadState("networkidle").catch(() => {});
  await expectNoViolations(page, what);
  if (shot) await page.screenshot({ path: `${SCREENS_DIR}/${shot}.png`, fullPage: true });
}

async function signedInPair(browser: Browser): Promise<{ admin: Person; bob: Person }> {
  const admin = await signInAsAdmin(browser);
  await expectConnected(admin.page);
  const bob = await newPerson(browser, "axe_bob");
  await befriend(bob, admin);
  return { admin, bob };
}

/** A picture, a reply (its quote) and a reaction in the open conversation: what a chat shows besides text. */
async function richConversation(page: Page) {
  const view = conversationView(page);
  const picture = await sharp({ create: { width: 320, height: 240, channels: 3, background: { r: 40, g: 160, b: 90 } } })
    .png()
    .toBuffer();
  await view.getByTestId("attach-input").setInputFiles({ name: "picture.png", mimeType: "image/png", buffer: picture });
  await expect(view.getByTestId("pending-attachment")).toHaveAttribute("data-state", "done");
  await sendMessage(page, "a picture");
  await expect(view.getByRole("button", { name: "View picture picture.png" })).toBeVisible();
  await messageItem(page, "hello from the accessibility check").first().getByRole("button", { name: "Message actions" }).click();
  await page.getByRole("menuitem", { name: "Reply" }).click();
  await sendMessage(page, "a reply");
  await messageItem(page, "a picture").first().getByRole("button", { name: "Message actions" }).click();
  await page.getByRole("menuitem", { name: "React…" }).click();
  await page.getByRole("button", { name: "React with 👍" }).click();
  await expect(messageItem(page, "a picture").first().getByRole("button", { name: /👍/ })).toBeVisible();
  // Nothing in the timeline is wider than the screen (a picture once widened it on phones).
  const width = page.viewportSize()!.width;
  for (const text of ["hello from the accessibility check", "a picture", "a reply"]) {
    const box = (await messageItem(page, text).first().boundingBox())!;
    expect(box.x + box.width, `"${text}" fits the screen`).toBeLessThanOrEqual(width);
  }
}

for (const size of SIZES) {
  for (const scheme of SCHEMES) {
    test(`every page passes axe at ${size.viewport.width}×${size.viewport.height} in ${scheme} mode`, async ({ browser }) => {
      test.setTimeout(180_000);
      mkdirSync(SCREENS_DIR, { recursive: true });
      const tag = `${size.name}-${scheme}`;

      const guest = await browser.newContext({ viewport: size.viewport, colorScheme: scheme });
      const visitor = await guest.newPage();
      await visitor.goto("/login");
      await expect(visitor.getByRole("button", { name: "Sign in" })).toBeVisible();
      await check(visitor, "sign-in", `${tag}-sign-in`);
      await visitor.goto("/signup");
      await expect(visitor.getByRole("button", { name: "Sign up" })).toBeVisible();
      await check(visitor, "sign-up", `${tag}-sign-up`);
      await guest.close();

      const { admin, bob } = await signedInPair(browser);
      const page = admin.page;
      await page.emulateMedia({ colorScheme: scheme });
      await page.setViewportSize(size.viewport);

      await page.goto("/");
      await expectConnected(page);
      await check(page, "buddy list", `${tag}-buddy-list`);

      await openConversation(page, bob.username);
      await sendMessage(page, "hello from the accessibility check");
      await richConversation(page);
      await check(page, "messages with a conversation open", `${tag}-conversation`);

      await page.goto("/messages");
      await expectConnected(page);
      await check(page, "messages", null);

      await page.goto("/privacy");
      await expect(page.getByRole("heading", { name: "Privacy", level: 1 })).toBeVisible();
      await expectConnected(page);
      await check(page, "privacy", `${tag}-privacy`);

      await page.goto("/settings");
      await expectConnected(page);
      await check(page, "settings", `${tag}-settings`);

      await page.goto("/admin");
      await expect(page.getByRole("heading", { name: "Admin", level: 1 })).toBeVisible();
      await check(page, "admin", `${tag}-admin`);

      await page.goto("/developers");
      await check(page, "developers", `${tag}-developers`);

      // An empty buddy list (the onboarding card) as a new person sees it.
      const newcomer = await newPerson(browser, "axe_new");
      await newcomer.page.emulateMedia({ colorScheme: scheme });
      await newcomer.page.setViewportSize(size.viewport);
      await expect(newcomer.page.getByTestId("buddy-list-empty")).toBeVisible();
      await check(newcomer.page, "empty buddy list", `${tag}-empty-buddy-list`);

      await Promise.all([admin.context.close(), bob.context.close(), newcomer.context.close()]);
    });
  }
}
