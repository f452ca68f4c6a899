import { expect, test } from "@playwright/test";
import { expectConnected, newPerson, PASSWORD, signIn, signOut, signUp, uniqueName } from "./helpers";

test("two people sign up side by side and each sees their own name, a live connection and an empty list", async ({
  browser,
}) => {
  const alice = await newPerson(browser, "alice");
  const bob = await newPerson(browser, "bob");
  for (const person of [alice, bob]) {
    await expect(person.page.getByTestId("current-user")).toContainText(person.username);
    await expectConnected(person.page);
    await expect(person.page.getByTestId("buddy-list-empty")).toBeVisible();
  }
  await expect(alice.page.getByTestId("current-user")).not.toContainText(bob.username);
  await alice.context.close();
  await bob.context.close();
});

test("sign out, then sign in again", async ({ page }) => {
  const username = uniqueName("carol");
  await signUp(page, username);
  await expectConnected(page);
  await signOut(page);
  // Signed out: the app sends you back to the sign-in page.
  await page.goto("/");
  await expect(page).toHaveURL(/\/login$/);
  await signIn(page, username);
  await expect(page.getByTestId("current-user")).toContainText(username);
  await expectConnected(page);
});

test("a wrong password shows an error and keeps what was typed", async ({ page }) => {
  const username = uniqueName("dave");
  await signUp(page, username);
  await signOut(page);
  await signIn(page, username, "definitely not it");
  await expect(page.getByRole("alert").filter({ hasText: "Wrong" })).toHaveText("Wrong username or password.");
  await expect(page.getByLabel("Username")).toHaveValue(username);
  await expect(page).toHaveURL(/\/login$/);
});

test("a taken username is refused inline on sign-up", async ({ browser }) => {
  const first = await newPerson(browser, "erin");
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto("/signup");
  await page.getByLabel("Username").fill(first.username.toUpperCase());
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign up" }).click();
  await expect(page.getByText("This username is taken.")).toBeVisible();
  await expect(page.getByLabel("Username")).toHaveValue(first.username.toUpperCase());
  await expect(page.getByLabel("Username")).toHaveAttribute("aria-invalid", "true");
  await context.close();
  await first.context.close();
});
