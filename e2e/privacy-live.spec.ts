// Privacy changes reach pages that are already open (issue 13), as two people see them side by
// side: nobody reloads, and what a watcher's page shows is what the rules allow right now.
import { type Browser, expect, type Page, test } from "@playwright/test";
import {
  accessRules,
  addContact,
  befriend,
  buddyList,
  contactRow,
  conversationView,
  expectConnected,
  lookUp,
  messageItem,
  messageState,
  newPerson,
  openConversation,
  openPrivacy,
  openSettings,
  type Person,
  section,
  sendMessage,
  setStatus,
  signIn,
} from "./helpers";

/** "Within a few seconds, without a reload": well under the default 10 s of expect. */
const LIVE = { timeout: 5_000 };
/** How long a receipt that should not come is given to (not) arrive; one normally takes ~100 ms. */
const RECEIPT_WINDOW_MS = 2_000;

function appearOffline(page: Page) {
  return page.getByRole("region", { name: "My status" }).getByRole("switch", { name: "Appear offline" });
}

/** The same person in a second browser (a context of its own, so a session of its own). */
async function elsewhere(browser: Browser, person: Person) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, person.username);
  await expect(page.getByTestId("current-user")).toContainText(person.username);
  await expectConnected(page);
  return { context, page };
}

test("(1) Alice appears offline: Bob's open list shows her offline with a last seen, then online again", async ({ browser }) => {
  const alice = await newPerson(browser, "alice");
  const bob = await newPerson(browser, "bob");
  await befriend(alice, bob);
  const row = contactRow(bob.page, alice.username);

  await appearOffline(alice.page).click();
  await expect(appearOffline(alice.page)).toBeChecked();
  // Exactly like a contact who just went offline: offline, and seen "just now".
  await expect(row.getByTestId("availability")).toHaveText("Offline", LIVE);
  await expect(row).toContainText(/last seen (just now|\d+ min ago)/);
  await row.getByRole("button", { name: `Details for ${alice.username}` }).click();
  await expect(row).not.toContainText("Devices");

  await appearOffline(alice.page).click();
  await expect(appearOffline(alice.page)).not.toBeChecked();
  await expect(row.getByTestId("availability")).toHaveText("Available", LIVE);
  await expect(row).not.toContainText("last seen");

  await alice.context.close();
  await bob.context.close();
});

test("(2) a limited rule for Bob: his open list drops to online/offline only, note gone", async ({ browser }) => {
  const alice = await newPerson(browser, "alice");
  const bob = await newPerson(browser, "bob");
  await befriend(alice, bob);
  await setStatus(alice.page, "Busy", "secret plans");
  const row = contactRow(bob.page, alice.username);
  await expect(row.getByTestId("availability")).toHaveText("Busy");
  await expect(row).toContainText("secret plans");

  await openPrivacy(alice.page);
  const rules = accessRules(alice.page);
  await rules.getByRole("button", { name: "Add a rule" }).click();
  const form = rules.getByRole("form", { name: "New rule" });
  await form.getByLabel("Their username").fill(bob.username);
  await form.getByRole("radio", { name: /^Online or offline only$/ }).check();
  await form.getByRole("button", { name: "Add rule" }).click();
  await rules.getByRole("button", { name: "Save rules" }).click();
  await expect(rules.getByText("Saved: it applies now.")).toBeVisible();

  await expect(row.getByTestId("availability")).toHaveText("Online", LIVE);
  await expect(row).not.toContainText("secret plans");
  await row.getByRole("button", { name: `Details for ${alice.username}` }).click();
  await expect(row).not.toContainText("Devices");

  await alice.context.close();
  await bob.context.close();
});

test("(3) Bob's message to Alice while she appears offline stays Sent; it turns Delivered when she is visible again", async ({ browser }) => {
  const alice = await newPerson(browser, "alice");
  const bob = await newPerson(browser, "bob");
  await befriend(alice, bob);
  await appearOffline(alice.page).click();
  await expect(appearOffline(alice.page)).toBeChecked();

  await openConversation(bob.page, alice.username);
  await sendMessage(bob.page, "are you there?");
  await expect(messageState(bob.page, "are you there?")).toHaveText("Sent");
  // Her tab is open and has the message; Bob must not learn that.
  await expect(alice.page.getByRole("navigation", { name: "Main" })).toContainText("1 unread message");
  await bob.page.waitForTimeout(RECEIPT_WINDOW_MS);
  await expect(messageState(bob.page, "are you there?")).toHaveText("Sent");

  await appearOffline(alice.page).click();
  await expect(appearOffline(alice.page)).not.toBeChecked();
  await expect(messageState(bob.page, "are you there?")).toHaveText("Delivered", LIVE);

  await alice.context.close();
  await bob.context.close();
});

test("(4) a pending contact who comes online shows Online in the requester's open list", async ({ browser }) => {
  const alice = await newPerson(browser, "alice");
  const bob = await newPerson(browser, "bob");
  await bob.context.close();
  // Offline once his tab's grace period is over: a look-up says when.
  await expect(async () => {
    await lookUp(alice.page, bob.username);
    await expect(alice.page.getByTestId("lookup-result").getByTestId("availability")).toHaveText("Offline", { timeout: 500 });
  }).toPass();

  await addContact(alice.page, bob.username);
  const row = contactRow(alice.page, bob.username);
  await expect(row).toContainText("waiting for their approval");
  await expect(row.getByTestId("availability")).toHaveText("Offline");

  const back = await elsewhere(browser, bob);
  // Limited until he approves: online, nothing more; still pending.
  await expect(row.getByTestId("availability")).toHaveText("Online", LIVE);
  await expect(row).toContainText("Pending");

  await setStatus(back.page, "Busy", "private note");
  await expect(row).not.toContainText("private note");
  await expect(row.getByTestId("availability")).toHaveText("Online");

  await alice.context.close();
  await back.context.close();
});

test("(5) Alice signs out everywhere else: her first tab goes to sign-in, with nothing of her list left", async ({ browser }) => {
  const alice = await newPerson(browser, "alice");
  const bob = await newPerson(browser, "bob");
  await befriend(alice, bob);
  await expect(contactRow(alice.page, bob.username)).toBeVisible();

  const other = await elsewhere(browser, alice);
  await openSettings(other.page);
  const sessions = section(other.page, "Signed-in sessions");
  await sessions.getByRole("button", { name: "Sign out everywhere else" }).click();
  await other.page.getByRole("dialog").getByRole("button", { name: "Sign out everywhere else" }).click();
  await expect(sessions.getByRole("status")).toHaveText("Signed out 1 other session.");

  await expect(alice.page).toHaveURL(/\/login\?ended=revoked$/, LIVE);
  await expect(alice.page.getByTestId("form-notice")).toHaveText(
    "You were signed out because your password was changed or this browser was signed out from another one. Sign in again.",
  );
  await expect(buddyList(alice.page)).toHaveCount(0);
  await expect(alice.page.getByText(bob.username)).toHaveCount(0);
  await expect(alice.page.getByTestId("connection-status")).toHaveCount(0);
  // The other browser stays signed in.
  await expectConnected(other.page);

  for (const context of [alice.context, bob.context, other.context]) await context.close();
});

test("(6) a second tab's status form follows a status set in the first, and an edit there is not overwritten silently", async ({ browser }) => {
  const alice = await newPerson(browser, "alice");
  const second = await alice.context.newPage();
  await second.goto("/");
  await expectConnected(second);
  const form = second.getByRole("form", { name: "Set my status" });

  await setStatus(alice.page, "Busy", "in a meeting");
  await expect(form.getByLabel("Availability")).toHaveValue("busy", LIVE);
  await expect(form.getByLabel("Note")).toHaveValue("in a meeting");

  // Mid-edit in the second tab, the first sets another status: the edit stays, the change shows.
  await form.getByLabel("Note").fill("my own draft");
  await setStatus(alice.page, "Away", "out for lunch");
  const changed = form.getByTestId("status-changed");
  await expect(changed).toContainText("Your status changed while you were editing: now Away — “out for lunch”.", LIVE);
  await expect(form.getByLabel("Note")).toHaveValue("my own draft");
  await expect(form.getByRole("button", { name: "Set status" })).toHaveCount(0);

  // Taking the new status puts the form back in step, and following again.
  await changed.getByRole("button", { name: "Use the new status" }).click();
  await expect(form.getByLabel("Availability")).toHaveValue("away");
  await expect(form.getByLabel("Note")).toHaveValue("out for lunch");
  await expect(changed).toHaveCount(0);

  // Or keeping one's own: said plainly on the button, and then both tabs agree.
  await form.getByLabel("Note").fill("mine after all");
  await setStatus(alice.page, "Available", "back");
  await expect(changed).toBeVisible(LIVE);
  await form.getByRole("button", { name: "Set mine instead" }).click();
  await expect(alice.page.getByTestId("my-current-status")).toContainText("mine after all");
  await expect(changed).toHaveCount(0);
  await expect(alice.page.getByRole("form", { name: "Set my status" }).getByLabel("Note")).toHaveValue("mine after all", LIVE);

  await alice.context.close();
});

test("(7) the conversation header shows a non-contact's presence live", async ({ browser }) => {
  const alice = await newPerson(browser, "alice");
  const carol = await newPerson(browser, "carol");
  await openConversation(alice.page, carol.username);
  const presence = conversationView(alice.page).getByTestId("conversation-presence");
  // A stranger to Carol sees online/offline only.
  await expect(presence.getByTestId("availability")).toHaveText("Online");

  await carol.context.close();
  await expect(presence.getByTestId("availability")).toHaveText("Offline", LIVE);

  const back = await elsewhere(browser, carol);
  await expect(presence.getByTestId("availability")).toHaveText("Online", LIVE);

  await alice.context.close();
  await back.context.close();
});

test("(8) Bob denies Alice's request: her open list keeps him Pending, as the form said, and still live", async ({ browser }) => {
  const alice = await newPerson(browser, "alice");
  const bob = await newPerson(browser, "bob");
  await addContact(alice.page, bob.username);
  await expect(buddyList(alice.page)).toContainText(`Request sent. @${bob.username} shows as Pending until they approve.`);
  const row = contactRow(alice.page, bob.username);

  await bob.page.getByRole("button", { name: `Deny ${alice.username}` }).click();
  await expect(bob.page.getByRole("region", { name: "Requests" }).getByTestId("incoming-count")).toHaveText("0");
  await bob.page.waitForTimeout(RECEIPT_WINDOW_MS);
  await expect(row).toContainText("Pending");
  await expect(row).toContainText("waiting for their approval");
  await alice.page.reload();
  await expect(row).toContainText("waiting for their approval");

  // As for any waiting request: online/offline only, kept live.
  await bob.context.close();
  await expect(row.getByTestId("availability")).toHaveText("Offline", LIVE);

  await alice.context.close();
});

/** Alice adds a rule for `username` in her rules editor and saves it (it applies at once). */
async function addUserRule(page: Page, username: string, action: RegExp) {
  await openPrivacy(page);
  const rules = accessRules(page);
  await rules.getByRole("button", { name: "Add a rule" }).click();
  const form = rules.getByRole("form", { name: "New rule" });
  await form.getByLabel("Their username").fill(username);
  await form.getByRole("radio", { name: action }).check();
  await form.getByRole("button", { name: "Add rule" }).click();
  await rules.getByRole("button", { name: "Save rules" }).click();
  await expect(rules.getByText("Saved: it applies now.")).toBeVisible();
}

test("(9) Alice blocks Bob: the header of his open conversation with her stops showing her online", async ({ browser }) => {
  const alice = await newPerson(browser, "alice");
  const bob = await newPerson(browser, "bob");
  await openConversation(bob.page, alice.username);
  const presence = conversationView(bob.page).getByTestId("conversation-presence");
  await expect(presence.getByTestId("availability")).toHaveText("Online");

  await addUserRule(alice.page, bob.username, /^Block$/);
  // Like a contact who went offline, and for good: Alice's tab is still open.
  await expect(presence.getByTestId("availability")).toHaveText("Offline", LIVE);
  await bob.page.waitForTimeout(RECEIPT_WINDOW_MS);
  await expect(presence.getByTestId("availability")).toHaveText("Offline");

  await alice.context.close();
  await bob.context.close();
});

test("(10) under polite-block, Bob's message to Alice stays Sent while her page is open, even once she reads it", async ({ browser }) => {
  const alice = await newPerson(browser, "alice");
  const bob = await newPerson(browser, "bob");
  await befriend(alice, bob);
  await addUserRule(alice.page, bob.username, /^Appear offline to them$/);
  await expect(contactRow(bob.page, alice.username).getByTestId("availability")).toHaveText("Offline", LIVE);

  await openConversation(bob.page, alice.username);
  await sendMessage(bob.page, "still there?");
  await expect(messageState(bob.page, "still there?")).toHaveText("Sent");
  // Her tab is open and has the message; Bob must not learn that.
  await expect(alice.page.getByRole("navigation", { name: "Main" })).toContainText("1 unread message");
  await bob.page.waitForTimeout(RECEIPT_WINDOW_MS);
  await expect(messageState(bob.page, "still there?")).toHaveText("Sent");

  await openConversation(alice.page, bob.username);
  await expect(messageItem(alice.page, "still there?")).toBeVisible();
  await bob.page.waitForTimeout(RECEIPT_WINDOW_MS);
  await expect(messageState(bob.page, "still there?")).toHaveText("Sent");

  await alice.context.close();
  await bob.context.close();
});
