// Sign-up, credential checks and sessions, on in-memory storage (the account store itself is held
// to the same contract on SQLite and PostgreSQL by tests/contracts/account-store.test.ts).
import { beforeEach, describe, expect, it, vi } from "vitest";
import { createMemoryStorage } from "@/lib/db/memory-storage";
import { type AccountService, createAccountService } from "./account-service";
import { signUpSchema } from "@/lib/protocol/account";
import { createLoginThrottle } from "./login-throttle";
import { createPasswordAttempts } from "./password-attempts";
import { createSignUpLimiter } from "./signup-limiter";

const MAX_AGE_MS = 30 * 24 * 60 * 60 * 1000;
const PASSWORD = "violet-marmot-sings-backwards";
/** Where sign-ups come from unless a test says otherwise. */
const HOME = { address: "10.0.0.1" };

const storage = createMemoryStorage();
const { tables } = storage;
let clock: number;
let accounts: AccountService;
let onProfileChanged: ReturnType<typeof vi.fn<(user: { id: string; displayName: string }) => void>>;
let onAccountCreated: ReturnType<typeof vi.fn<(user: { id: string; username: string }) => void>>;
let nameCount = 0;

beforeEach(() => {
  // Close to the real clock: the store stamps lastActiveAt with the real time.
  clock = Date.now();
  onProfileChanged = vi.fn<(user: { id: string; displayName: string }) => void>();
  onAccountCreated = vi.fn<(user: { id: string; username: string }) => void>();
  accounts = createAccountService({
    accounts: storage.accounts,
    ...throttles(),
    sessionMaxAgeMs: MAX_AGE_MS,
    now: () => new Date(clock),
    onProfileChanged,
    onAccountCreated,
  });
});

const uniqueName = (base: string) => `${base}${++nameCount}`;

/** Fresh in-memory throttles, as services.ts composes them (with Redis in a cluster). */
function throttles() {
  const store = storage.accounts;
  return {
    signUpLimiter: createSignUpLimiter(100),
    passwordAttempts: createPasswordAttempts({
      throttle: createLoginThrottle(),
      signInAddresses: (username: string) => store.signInAddresses(username, new Date()),
    }),
  };
}
/** Sign-up input as the form delivers it: through the shared schema (trims, lower-cases). */
const form = (username: string, password = PASSWORD) => signUpSchema.parse({ username, password });

async function newAccount() {
  const username = uniqueName("user");
  const result = await accounts.signUp(form(username), HOME);
  if (!result.ok) throw new Error(result.message);
  return { id: result.userId, username };
}

describe("signUp", () => {
  it("creates an account named after the username, with an Argon2id hash of the password", async () => {
    const username = uniqueName("alice");
    const result = await accounts.signUp(form(username), HOME);
    expect(result).toEqual({ ok: true, userId: expect.any(String) });
    const stored = tables.users.find((row) => row.username === username)!;
    expect(stored).toMatchObject({ id: result.ok ? result.userId : "", username, displayName: username });
    expect(stored.passwordHash.startsWith("$argon2id$")).toBe(true);
    expect(stored.passwordHash).not.toContain(PASSWORD);
  });

  it("tells that the name now belongs to an account (name look-ups cache missing names)", async () => {
    const username = uniqueName("carol");
    const result = await accounts.signUp(form(username), HOME);
    expect(onAccountCreated).toHaveBeenCalledExactlyOnceWith({ id: result.ok ? result.userId : "", username });
    await accounts.signUp(form(username), HOME);
    expect(onAccountCreated).toHaveBeenCalledOnce();
  });

  it("refuses a common password and creates nothing", async () => {
    const username = uniqueName("weak");
    expect(await accounts.signUp(form(username, "password123"), HOME)).toEqual({
      ok: false,
      field: "password",
      message: "This password is too common. Choose another.",
    });
    expect(tables.users.find((row) => row.username === username)).toBeUndefined();
  });

  it("refuses a taken username, whatever its case", async () => {
    const username = uniqueName("Bob");
    expect((await accounts.signUp(form(username), HOME)).ok).toBe(true);
    const taken = { ok: false, field: "username", message: "This username is taken." };
    expect(await accounts.signUp(form(username), HOME)).toEqual(taken);
    expect(await accounts.signUp(form(username.toUpperCase(), "another long passphrase"), HOME)).toEqual(taken);
    expect(await accounts.signUp(form(` ${username.toLowerCase()} `), HOME)).toEqual(taken);
    expect(tables.users.filter((row) => row.username === username.toLowerCase())).toHaveLength(1);
  });
});

describe("signIn", () => {
  const meta = (ipAddress: string) => ({ ipAddress, userAgent: "Firefox/128.0" });

  it("starts a session for the right password, from the address it came from", async () => {
    const { id, username } = await newAccount();
    const result = await accounts.signIn(username, PASSWORD, meta("10.0.0.1"));
    expect(result).toEqual({ ok: true, user: { id, username, displayName: username }, sessionId: expect.any(String) });
    if (!result.ok) return;
    expect(tables.sessions.find((row) => row.id === result.sessionId)).toMatchObject({ ipAddress: "10.0.0.1" });
  });

  it("refuses a wrong password and an unknown name with the same answer", async () => {
    const { username } = await newAccount();
    expect(await accounts.signIn(username, `${PASSWORD}!`, meta("10.0.0.1"))).toEqual({ ok: false, reason: "invalid_credentials" });
    expect(await accounts.signIn(uniqueName("ghost"), PASSWORD, meta("10.0.0.1"))).toEqual({
      ok: false,
      reason: "invalid_credentials",
    });
  });

  it("refuses a suspended account only after the right password", async () => {
    const { id, username } = await newAccount();
    await storage.accounts.setSuspended(id, new Date());
    expect(await accounts.signIn(username, `${PASSWORD}!`, meta("10.0.0.1"))).toEqual({ ok: false, reason: "invalid_credentials" });
    expect(await accounts.signIn(username, PASSWORD, meta("10.0.0.1"))).toEqual({ ok: false, reason: "suspended" });
  });

  it("after guesses from many addresses, lets the owner in from where they signed in before and delays everyone else", async () => {
    const { username } = await newAccount();
    expect((await accounts.signIn(username, PASSWORD, meta("203.0.113.5"))).ok).toBe(true);
    for (let i = 1; i <= 12; i++) await accounts.signIn(username, "guess guess guess", meta(`198.51.100.${i}`));
    const elsewhere = await accounts.signIn(username, PASSWORD, meta("192.0.2.77"));
    expect(elsewhere).toEqual({ ok: false, reason: "retry_after", seconds: expect.any(Number) });
    expect(elsewhere.ok === false && elsewhere.reason === "retry_after" && elsewhere.seconds).toBeLessThanOrEqual(60);
    expect((await accounts.signIn(username, PASSWORD, meta("203.0.113.5"))).ok).toBe(true);
  });

  it("delays a name that does not exist exactly as one that does", async () => {
    const { username } = await newAccount();
    const ghost = uniqueName("ghost");
    for (let i = 1; i <= 6; i++) {
      await accounts.signIn(username, "guess guess guess", meta(`198.51.100.${i}`));
      await accounts.signIn(ghost, "guess guess guess", meta(`198.51.100.${i}`));
    }
    expect(await accounts.signIn(username, "guess guess guess", meta("192.0.2.1"))).toEqual(
      await accounts.signIn(ghost, "guess guess guess", meta("192.0.2.1")),
    );
  });
});

describe("sign-ups per address", () => {
  it("refuses further sign-ups from an address past its limit, with the wait, and creates nothing", async () => {
    const limited = createAccountService({
      accounts: storage.accounts,
      sessionMaxAgeMs: MAX_AGE_MS,
      ...throttles(),
      signUpLimiter: createSignUpLimiter(2),
    });
    expect((await limited.signUp(form(uniqueName("first")), { address: "10.9.9.9" })).ok).toBe(true);
    expect((await limited.signUp(form(uniqueName("second")), { address: "10.9.9.9" })).ok).toBe(true);
    const third = uniqueName("third");
    const refused = await limited.signUp(form(third), { address: "10.9.9.9" });
    expect(refused).toEqual({ ok: false, field: "form", message: expect.stringMatching(/^Too many sign-ups/), retryAfter: expect.any(Number) });
    expect(tables.users.find((row) => row.username === third)).toBeUndefined();
    expect((await limited.signUp(form(third), { address: "10.9.9.10" })).ok).toBe(true);
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
    const row = tables.sessions.find((candidate) => candidate.id === session.id)!;
    expect(row.userAgent).toHaveLength(300);
    expect(row.ipAddress).toBe("192.0.2.7");
  });

  it("records activity on use, at most once a minute", async () => {
    const { id } = await newAccount();
    const session = await accounts.startSession(id, {});
    const lastActive = async () => tables.sessions.find((row) => row.id === session.id)!.lastActiveAt;
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
