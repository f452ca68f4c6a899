// Sign-up, credential checks and sessions against a real, freshly migrated SQLite database.
import { randomBytes } from "node:crypto";
import { rmSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { createAccountStore } from "@/lib/db/account-store";
import { type Db, createDb, prepareDatabase } from "@/lib/db/client";
import { applyMigrations } from "@/lib/db/migrate";
import { type AccountService, createAccountService } from "./account-service";
import { signUpSchema } from "./schemas";

const tmpDir = path.resolve(import.meta.dirname, "../../.tmp", `account-service-test-${randomBytes(4).toString("hex")}`);
const url = `file:${path.join(tmpDir, "test.db")}`;
const MAX_AGE_MS = 30 * 24 * 60 * 60 * 1000;
const PASSWORD = "violet-marmot-sings-backwards";

let db: Db;
let clock: number;
let accounts: AccountService;
let onProfileChanged: ReturnType<typeof vi.fn<(user: { id: string; displayName: string }) => void>>;
let onAccountCreated: ReturnType<typeof vi.fn<(user: { id: string; username: string }) => void>>;
let nameCount = 0;

beforeAll(async () => {
  await applyMigrations(url);
  db = createDb(url);
  await prepareDatabase(db, url);
}, 30_000);

afterAll(async () => {
  await db?.$disconnect();
  rmSync(tmpDir, { recursive: true, force: true });
});

beforeEach(() => {
  // Close to the real clock: the database stamps lastActiveAt with the real time.
  clock = Date.now();
  onProfileChanged = vi.fn<(user: { id: string; displayName: string }) => void>();
  onAccountCreated = vi.fn<(user: { id: string; username: string }) => void>();
  accounts = createAccountService({
    accounts: createAccountStore(db),
    sessionMaxAgeMs: MAX_AGE_MS,
    now: () => new Date(clock),
    onProfileChanged,
    onAccountCreated,
  });
});

const uniqueName = (base: string) => `${base}${++nameCount}`;
/** Sign-up input as the form delivers it: through the shared schema (trims, lower-cases). */
const form = (username: string, password = PASSWORD) => signUpSchema.parse({ username, password });

async function newAccount() {
  const username = uniqueName("user");
  const result = await accounts.signUp(form(username));
  if (!result.ok) throw new Error(result.message);
  return { id: result.userId, username };
}

describe("signUp", () => {
  it("creates an account named after the username, with an Argon2id hash of the password", async () => {
    const username = uniqueName("alice");
    const result = await accounts.signUp(form(username));
    expect(result).toEqual({ ok: true, userId: expect.any(String) });
    const stored = await db.user.findUniqueOrThrow({ where: { username } });
    expect(stored).toMatchObject({ id: result.ok ? result.userId : "", username, displayName: username });
    expect(stored.passwordHash.startsWith("$argon2id$")).toBe(true);
    expect(stored.passwordHash).not.toContain(PASSWORD);
  });

  it("tells that the name now belongs to an account (name look-ups cache missing names)", async () => {
    const username = uniqueName("carol");
    const result = await accounts.signUp(form(username));
    expect(onAccountCreated).toHaveBeenCalledExactlyOnceWith({ id: result.ok ? result.userId : "", username });
    await accounts.signUp(form(username));
    expect(onAccountCreated).toHaveBeenCalledOnce();
  });

  it("refuses a common password and creates nothing", async () => {
    const username = uniqueName("weak");
    expect(await accounts.signUp(form(username, "password123"))).toEqual({
      ok: false,
      field: "password",
      message: "This password is too common. Choose another.",
    });
    expect(await db.user.findUnique({ where: { username } })).toBeNull();
  });

  it("refuses a taken username, whatever its case", async () => {
    const username = uniqueName("Bob");
    expect((await accounts.signUp(form(username))).ok).toBe(true);
    const taken = { ok: false, field: "username", message: "This username is taken." };
    expect(await accounts.signUp(form(username))).toEqual(taken);
    expect(await accounts.signUp(form(username.toUpperCase(), "another long passphrase"))).toEqual(taken);
    expect(await accounts.signUp(form(` ${username.toLowerCase()} `))).toEqual(taken);
    expect(await db.user.count({ where: { username: username.toLowerCase() } })).toBe(1);
  });
});

describe("verifyCredentials", () => {
  it("returns the account for the right password", async () => {
    const { id, username } = await newAccount();
    expect(await accounts.verifyCredentials(username, PASSWORD)).toMatchObject({ id, username });
  });

  it("returns null for a wrong password", async () => {
    const { username } = await newAccount();
    expect(await accounts.verifyCredentials(username, `${PASSWORD}!`)).toBeNull();
    expect(await accounts.verifyCredentials(username, "")).toBeNull();
  });

  it("returns null for an unknown username", async () => {
    expect(await accounts.verifyCredentials(uniqueName("ghost"), PASSWORD)).toBeNull();
  });
});

describe("sessions", () => {
  it("starts a session that resolves to the signed-in user, until it is ended", async () => {
    const { id, username } = await newAccount();
    const session = await accounts.startSession(id, { userAgent: "Firefox/128.0", ipAddress: "10.0.0.1" });
    expect(session.expiresAt.getTime()).toBe(clock + MAX_AGE_MS);

    expect(await accounts.resolveSession(session.id)).toEqual({
      id,
      username,
      displayName: username,
      sessionId: session.id,
    });

    await accounts.endSession(session.id);
    expect(await accounts.resolveSession(session.id)).toBeNull();
    // ending it again is harmless
    await expect(accounts.endSession(session.id)).resolves.toBeUndefined();
  });

  it("ends only the session asked for", async () => {
    const { id } = await newAccount();
    const laptop = await accounts.startSession(id, {});
    const phone = await accounts.startSession(id, {});
    await accounts.endSession(laptop.id);
    expect(await accounts.resolveSession(phone.id)).toMatchObject({ id, sessionId: phone.id });
  });

  it("resolves an unknown session id to null", async () => {
    expect(await accounts.resolveSession("no-such-session")).toBeNull();
  });

  it("expires a session left unused for its maximum age", async () => {
    const { id } = await newAccount();
    const session = await accounts.startSession(id, {});
    clock += MAX_AGE_MS;
    expect(await accounts.resolveSession(session.id)).toBeNull();
    clock += 24 * 60 * 60 * 1000;
    expect(await accounts.resolveSession(session.id)).toBeNull();
  });

  it("extends a session each time it is used", async () => {
    const { id } = await newAccount();
    const session = await accounts.startSession(id, {});
    clock += MAX_AGE_MS - 1;
    expect(await accounts.resolveSession(session.id)).not.toBeNull();
    clock += MAX_AGE_MS - 1;
    expect(await accounts.resolveSession(session.id)).not.toBeNull();
    clock += MAX_AGE_MS;
    expect(await accounts.resolveSession(session.id)).toBeNull();
  });

  it("keeps the user agent (at most 300 characters) and the address", async () => {
    const { id } = await newAccount();
    const session = await accounts.startSession(id, { userAgent: "x".repeat(1000), ipAddress: "192.0.2.7" });
    const row = await db.session.findUniqueOrThrow({ where: { id: session.id } });
    expect(row.userAgent).toHaveLength(300);
    expect(row.ipAddress).toBe("192.0.2.7");
  });

  it("records activity on use, at most once a minute", async () => {
    const { id } = await newAccount();
    const session = await accounts.startSession(id, {});
    const lastActive = async () => (await db.session.findUniqueOrThrow({ where: { id: session.id } })).lastActiveAt;
    const initial = await lastActive();

    clock += 30_000;
    await accounts.resolveSession(session.id);
    expect(await lastActive()).toEqual(initial);

    clock += 90_000;
    await accounts.resolveSession(session.id);
    expect(await lastActive()).toEqual(new Date(clock));
  });
});

describe("setDisplayName", () => {
  it("changes the name sessions resolve to and tells presence", async () => {
    const { id, username } = await newAccount();
    const session = await accounts.startSession(id, {});
    const user = await accounts.resolveSession(session.id);
    expect(user).not.toBeNull();

    expect(await accounts.setDisplayName(user!, "Alice Liddell")).toEqual({ id, username, displayName: "Alice Liddell" });
    expect(onProfileChanged).toHaveBeenCalledExactlyOnceWith({ id, username, displayName: "Alice Liddell" });
    expect(await accounts.resolveSession(session.id)).toMatchObject({ username, displayName: "Alice Liddell" });
  });
});
