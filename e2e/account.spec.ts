// Settings of one's own account: password and sessions, export, deletion.
import { readFile } from "node:fs/promises";
import { type Browser, expect, type Page, test } from "@playwright/test";
import {
  expectConnected,
  messageState,
  newPerson,
  openConversation,
  openSettings,
  PASSWORD,
  section,
  sendMessage,
  signIn,
  type Person,
} from "./helpers";

/** The same person signed in once more, in another browser. */
async function anotherBrowser(browser: Browser, person: Person) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, person.username);
  await expect(page.getByTestId("current-user")).toContainText(person.username);
  await expectConnected(page);
  return { context, page };
}

/** A tab whose session was ended elsewhere leaves for the sign-in page by itself, which says why. */
async function expectSignedOut(page: Page) {
  await expect(page).toHaveURL(/\/login\?ended=revoked$/);
  await expect(page.getByTestId("form-notice")).toContainText("Sign in again.");
  await expect(page.getByTestId("current-user")).toHaveCount(0);
}

test("a password change signs out the person's other browser and revokes every token at once", async ({ browser }) => {
  const ann = await newPerson(browser, "ann");
  const other = await anotherBrowser(browser, ann);
  await openSettings(ann.page);
  const sessions = section(ann.page, "Signed-in sessions");
  await expect(sessions.getByTestId("session")).toHaveCount(2);
  await expect(sessions.getByTestId("session").filter({ hasText: "This device" })).toHaveAttribute("data-current", "true");

  // A token made before the change is revoked by it; the page says so beforehand.
  await ann.page.getByLabel("Token name").fill("old script");
  await ann.page.getByRole("button", { name: "Create token" }).click();
  const tokens = ann.page.getByRole("list", { name: "Your tokens" });
  await expect(tokens).toContainText("old script");

  const form = section(ann.page, "Password");
  await expect(form).toContainText("revokes all your personal access tokens");
  await form.getByLabel("Current password").fill("not my password at all");
  await form.getByLabel("New password", { exact: true }).fill("a brand new password 7");
  await form.getByLabel("Confirm new password").fill("a brand new password 8");
  await form.getByRole("button", { name: "Change password" }).click();
  await expect(form.getByText("The two new passwords are not the same.")).toBeVisible();
  await form.getByLabel("Confirm new password").fill("a brand new password 7");
  await form.getByRole("button", { name: "Change password" }).click();
  await expect(form.getByLabel("Current password")).toHaveAttribute("aria-invalid", "true");
  await expect(form.getByText("The password is not right.")).toBeVisible();

  await form.getByLabel("Current password").fill(PASSWORD);
  await form.getByRole("button", { name: "Change password" }).click();
  await expect(form.getByRole("status")).toHaveText("Password changed. Your other sessions were signed out and your access tokens revoked.");
  await expect(sessions.getByTestId("session")).toHaveCount(1);
  await expect(tokens).toHaveCount(0);
  await expect(ann.page.getByText("No tokens yet.")).toBeVisible();
  await expectConnected(ann.page);

  await expectSignedOut(other.page);
  await signIn(other.page, ann.username, "a brand new password 7");
  await expect(other.page.getByTestId("current-user")).toContainText(ann.username);
  await ann.context.close();
  await other.context.close();
});

test("signing out one session, then everywhere else, which says beforehand that it revokes every token", async ({ browser, request }) => {
  const ben = await newPerson(browser, "ben");
  const second = await anotherBrowser(browser, ben);
  const third = await anotherBrowser(browser, ben);
  await openSettings(ben.page);
  const sessions = section(ben.page, "Signed-in sessions");
  const others = sessions.getByTestId("session").and(sessions.locator('[data-current="false"]'));
  await expect(others).toHaveCount(2);
  // This device has no button of its own: the header's Sign out is for it.
  await expect(sessions.getByTestId("session").filter({ hasText: "This device" }).getByRole("button")).toHaveCount(0);

  await others.first().getByRole("button", { name: /^Sign out / }).click();
  await expect(sessions.getByRole("status")).toHaveText(/^Signed out .+\.$/);
  await expect(others).toHaveCount(1);

  // A token a script uses: the dialog warns that it goes too, and until confirmed, nothing does.
  await ben.page.getByLabel("Token name").fill("status script");
  await ben.page.getByRole("button", { name: "Create token" }).click();
  await expect(ben.page.getByTestId("token-secret")).toHaveText(/^blt_\S{20,}$/);
  const token = (await ben.page.getByTestId("token-secret").textContent())!;
  const poll = () => request.get(`/api/presence/${ben.username}`, { headers: { authorization: `Bearer ${token}` } });
  expect((await poll()).status()).toBe(200);
  const tokens = ben.page.getByRole("list", { name: "Your tokens" });
  await expect(tokens).toContainText("status script");

  await sessions.getByRole("button", { name: "Sign out everywhere else" }).click();
  const dialog = ben.page.getByRole("dialog", { name: "Sign out everywhere else?" });
  await expect(dialog).toContainText("every personal access token is revoked (scripts and bots using them stop)");
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toHaveCount(0);
  expect((await poll()).status()).toBe(200);
  await expect(others).toHaveCount(1);

  await sessions.getByRole("button", { name: "Sign out everywhere else" }).click();
  await dialog.getByRole("button", { name: "Sign out everywhere else" }).click();
  await expect(sessions.getByRole("status")).toHaveText("Signed out 1 other session and revoked 1 access token.");
  await expect(others).toHaveCount(0);
  await expect(tokens).toHaveCount(0);
  await expect(ben.page.getByText("No tokens yet.")).toBeVisible();
  expect((await poll()).status()).toBe(401);
  await expect(sessions.getByRole("button", { name: "Sign out everywhere else" })).toBeDisabled();

  for (const signedOut of [second, third]) await expectSignedOut(signedOut.page);
  await expectConnected(ben.page);
  for (const context of [ben.context, second.context, third.context]) await context.close();
});

test("export my data downloads one JSON file with a message I sent", async ({ browser }) => {
  const cleo = await newPerson(browser, "cleo");
  const dan = await newPerson(browser, "dan");
  await openConversation(cleo.page, dan.username);
  await sendMessage(cleo.page, "words to take along");
  await expect(messageState(cleo.page, "words to take along")).toHaveAttribute("data-state", /^(sent|delivered|read)$/);

  await openSettings(cleo.page);
  const card = section(cleo.page, "Export my data");
  const button = card.getByRole("button", { name: "Export my data" });

  // A failure (here a proxy's error page) is said, not swallowed.
  await cleo.page.route("**/api/account/export", (route) => route.fulfill({ status: 502, body: "<html>Bad gateway</html>" }));
  await button.click();
  await expect(card.getByRole("alert")).toHaveText("Something went wrong on the server (HTTP 502). Try again.");

  // A slow export says that it is being prepared.
  await cleo.page.unrouteAll();
  await cleo.page.route("**/api/account/export", async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    await route.continue();
  });
  const downloading = cleo.page.waitForEvent("download");
  await button.click();
  await expect(card.getByRole("status")).toHaveText("Preparing your export…");
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(new RegExp(`^buddylist-${cleo.username}-\\d{4}-\\d{2}-\\d{2}\\.json$`));
  const data = JSON.parse(await readFile(await download.path(), "utf8")) as {
    format: string;
    profile: { username: string };
    inbox: { messages: { body: string; direction: string; peer: string }[] };
  };
  expect(data.format).toBe("buddylist-export");
  expect(data.profile.username).toBe(cleo.username);
  expect(data.inbox.messages).toContainEqual(
    expect.objectContaining({ body: "words to take along", direction: "outgoing", peer: dan.username }),
  );
  await expect(card.getByRole("status")).toHaveText(`Downloaded ${download.suggestedFilename()}.`);
  await cleo.context.close();
  await dan.context.close();
});

test("deleting the account signs out, and its name can never be taken again", async ({ browser }) => {
  const eve = await newPerson(browser, "eve");
  await openSettings(eve.page);
  await section(eve.page, "Delete my account").getByRole("button", { name: "Delete my account…" }).click();
  const dialog = eve.page.getByRole("dialog", { name: "Delete your account?" });
  await dialog.getByLabel("Password").fill("not my password at all");
  await dialog.getByRole("button", { name: "Delete my account forever" }).click();
  await expect(dialog.getByText("The password is not right.")).toBeVisible();

  await dialog.getByLabel("Password").fill(PASSWORD);
  await dialog.getByRole("button", { name: "Delete my account forever" }).click();
  await expect(eve.page).toHaveURL(/\/login\?deleted=1$/);
  await expect(eve.page.getByTestId("form-notice")).toHaveText("Your account was deleted.");

  await eve.page.goto("/");
  await expect(eve.page).toHaveURL(/\/login$/);
  await signIn(eve.page, eve.username);
  await expect(eve.page.getByRole("alert").filter({ hasText: "Wrong" })).toHaveText("Wrong username or password.");

  await eve.page.goto("/signup");
  await eve.page.getByLabel("Username").fill(eve.username);
  await eve.page.getByLabel("Password").fill(PASSWORD);
  await eve.page.getByRole("button", { name: "Sign up" }).click();
  await expect(eve.page.getByText("This username is taken.")).toBeVisible();
  await eve.context.close();
});
