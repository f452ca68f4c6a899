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

export type Person = Awaited<ReturnType<typeof newPerson>>;

/** The buddy list card. */
export function buddyList(page: Page) {
  return page.getByRole("region", { name: "Buddy list" });
}

/** A contact's row(s) on the buddy list (a contact in several groups has one per group). */
export function contactRow(page: Page, username: string) {
  return buddyList(page).getByRole("listitem").filter({ hasText: `@${username}` });
}

export async function addContact(page: Page, username: string) {
  await page.getByLabel("Add a contact").fill(username);
  await buddyList(page).getByRole("button", { name: "Add", exact: true }).click();
  await expect(contactRow(page, username).first()).toContainText("Pending");
}

/** The person approves a waiting request from `username`. */
export async function approve(page: Page, username: string) {
  await page.getByRole("button", { name: `Approve ${username}` }).click();
}

/**
 * Each watches the other: a asks, b approves and takes the offer to add a back, which a's
 * default access rules approve at once (b is in a's list by then).
 */
export async function befriend(a: Person, b: Person) {
  await addContact(a.page, b.username);
  await approve(b.page, a.username);
  await b.page.getByRole("button", { name: `Add ${a.username} back` }).click();
  await expect(contactRow(a.page, b.username)).toContainText("Available");
  await expect(contactRow(b.page, a.username)).toContainText("Available");
}

/** Looks `username` up once from the buddy list page (a FETCHER), and waits for the answer. */
export async function lookUp(page: Page, username: string) {
  const search = page.getByRole("search");
  await search.getByLabel("Username").fill(username);
  await search.getByRole("button", { name: "Look up" }).click();
  await expect(page.getByTestId("lookup-result")).toContainText(`@${username}`);
}

/** Sets availability and note from My status. */
export async function setStatus(page: Page, availability: "Available" | "Away" | "Busy", note: string) {
  const form = page.getByRole("form", { name: "Set my status" });
  await form.getByLabel("Availability").selectOption({ label: availability });
  await form.getByLabel("Note").fill(note);
  await form.getByRole("button", { name: "Set status" }).click();
  await expect(page.getByTestId("my-current-status")).toContainText(note);
}

export async function openPrivacy(page: Page) {
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Privacy" }).click();
  await expect(page.getByRole("heading", { name: "Privacy", level: 1 })).toBeVisible();
  await expectConnected(page);
}

/** The "Who's watching me" card of the privacy page. */
export function watcherList(page: Page) {
  return page.getByRole("region", { name: "Who’s watching me" });
}

/** A watcher's row (a table row, or a card on a phone: whichever is displayed). */
export function watcherRow(page: Page, username: string) {
  return watcherList(page).locator(`[data-testid="watcher"][data-username="${username}"]`).locator("visible=true");
}

/** The "Who can see me" card: the access rules editor. */
export function accessRules(page: Page) {
  return page.getByRole("region", { name: "Who can see me" });
}
