import { spawn } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import { freePort } from "../tests/free-port";
import { type Browser, expect, type Page } from "@playwright/test";
import { io } from "socket.io-client";
import { E2E_ADMIN } from "./admin-account";

export const PASSWORD = "a long e2e password 42";

/** The administrator scripts/e2e-server.ts creates as the first account, before any test runs. */
export { E2E_ADMIN } from "./admin-account";

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

/** The Messages link in the main navigation (it carries the unread count). */
export function messagesLink(page: Page) {
  return page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: /^Messages/ });
}

/** Opens the conversation with `username` by its address. */
export async function openConversation(page: Page, username: string) {
  await page.goto(`/messages/${username}`);
  await expect(conversationView(page)).toBeVisible();
  await expectConnected(page);
}

/** The open conversation: header, history, typing indicator, composer. */
export function conversationView(page: Page) {
  return page.getByTestId("conversation");
}

/** My messages and theirs in the open conversation whose text contains `text`. */
export function messageItem(page: Page, text: string) {
  return conversationView(page).getByTestId("message").filter({ hasText: text });
}

/** Writes a message in the open conversation and sends it with Enter. */
export async function sendMessage(page: Page, text: string) {
  const composer = conversationView(page).getByRole("textbox", { name: /^Message to / });
  await composer.fill(text);
  await composer.press("Enter");
  await expect(composer).toHaveValue("");
}

/** Where my message stands, as the person reads it: Sending…, Sent, Delivered, Read, Not sent. */
export function messageState(page: Page, text: string) {
  return messageItem(page, text).getByTestId("message-state");
}

/** Signs in as the pre-created administrator in a browser context of its own. */
export async function signInAsAdmin(browser: Browser, baseURL?: string) {
  const context = await browser.newContext(baseURL ? { baseURL } : {});
  const page = await context.newPage();
  await signIn(page, E2E_ADMIN.username, E2E_ADMIN.password);
  await expect(page.getByTestId("current-user")).toContainText(E2E_ADMIN.username);
  return { context, page, username: E2E_ADMIN.username };
}

/** Opens the admin area from the header, which shows its link to administrators only. */
export async function openAdmin(page: Page) {
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Admin" }).click();
  await expect(page.getByRole("heading", { name: "Admin", level: 1 })).toBeVisible();
}

export async function openSettings(page: Page) {
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Settings" }).click();
  await expect(page.getByRole("heading", { name: "Settings", level: 1 })).toBeVisible();
}

/** A card of the settings or admin page, by its heading. */
export function section(page: Page, name: string) {
  return page.getByRole("region", { name, exact: true });
}

/** On the settings page, whom the person takes messages from; returns the Messages card. */
export async function acceptMessagesFrom(page: Page, choice: "Everyone" | "My contacts" | "Nobody") {
  await page.goto("/settings");
  const settings = section(page, "Messages");
  await settings.getByRole("radio", { name: choice }).check();
  await expect(settings.getByRole("radio", { name: choice })).toBeChecked();
  return settings;
}

/** An account's row in the admin area (a table row, or a card on a phone: whichever is displayed). */
export function accountRow(page: Page, username: string) {
  return section(page, "Accounts").locator(`[data-testid="account"][data-username="${username}"]`).locator("visible=true");
}

/**
 * Another e2e server beside the shared one, for settings the shared one cannot have (e.g.
 * SIGNUPS=invite): same build, its own empty database and free port. Stop it when done.
 */
export async function startExtraServer(env: Record<string, string>) {
  const port = await freePort();
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/e2e-server.ts"], {
    env: { ...process.env, ...env, E2E_PORT: String(port) },
    stdio: ["ignore", "ignore", "pipe"],
  });
  const errors: string[] = [];
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => errors.push(chunk));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the extra server stopped:\n${errors.join("")}`);
    if (Date.now() > deadline) throw new Error(`the extra server did not start:\n${errors.join("")}`);
    if (await fetch(`${url}/api/health`).then((response) => response.ok, () => false)) break;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return {
    url,
    async stop() {
      if (child.exitCode === null) child.kill("SIGTERM");
      await exited;
    },
  };
}


/**
 * Sends messages from `from` to `to` straight over a socket of their own (as a bot would),
 * one after the other: quicker than typing them when a test needs a long history.
 */
export async function sendOverSocket(from: Person, to: string, bodies: string[]) {
  const cookie = (await from.context.cookies()).map(({ name, value }) => `${name}=${value}`).join("; ");
  const baseURL = new URL(from.page.url()).origin;
  const socket = io(baseURL, { transports: ["websocket"], extraHeaders: { cookie }, reconnection: false, forceNew: true });
  try {
    await new Promise<void>((resolve, reject) => {
      socket.once("im:snapshot", () => resolve());
      socket.once("connect_error", reject);
    });
    for (const body of bodies) {
      const ack = await socket.timeout(5_000).emitWithAck("im:send", { to, clientId: randomUUID(), body });
      expect(ack).toMatchObject({ ok: true });
    }
  } finally {
    socket.close();
  }
}
