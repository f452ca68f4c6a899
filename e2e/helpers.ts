import { randomBytes } from "node:crypto";
import { type Browser, expect, type Page } from "@playwright/test";

export const PASSWORD = "a long e2e password 42";

export function uniqueName(prefix: string): string {
  return `${prefix}_${randomBytes(4).toString("hex")}`;
}

export async function signUp(page: Page, username: string, password = PASSWORD) {
  await page.goto("/signup");
  await page.getByLabel("Username").fill(username);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign up" }).click();
  await expect(page.getByTestId("current-user")).toContainText(username);
}

export async function signIn(page: Page, username: string, password = PASSWORD) {
  await page.goto("/login");
  await page.getByLabel("Username").fill(username);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

export async function signOut(page: Page) {
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login$/);
}

export async function expectConnected(page: Page) {
  await expect(page.getByTestId("connection-status")).toHaveAttribute("data-status", "connected");
  await expect(page.getByTestId("connection-status")).toHaveText("Connected");
}

/** A signed-up person in a browser context of their own. */
export async function newPerson(browser: Browser, prefix: string) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const username = uniqueName(prefix);
  await signUp(page, username);
  await expectConnected(page);
  return { context, page, username };
}
