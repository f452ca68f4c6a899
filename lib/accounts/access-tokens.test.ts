// Personal access tokens against a real, freshly migrated SQLite database.
import { createHash, randomBytes } from "node:crypto";
import { rmSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { AccountRecord } from "@/lib/db/accounts/account-store";
import { createPrismaAccountStore } from "@/lib/db/accounts/prisma-account-store";
import { type Db, createDb, prepareDatabase } from "@/lib/db/client";
import { applyMigrations } from "@/lib/db/migrate";
import { createPrismaTokenStore } from "@/lib/db/accounts/prisma-token-store";
import { ServiceError } from "@/lib/protocol/errors";
import type { TokenScope } from "@/lib/protocol/scopes";
import { type AccessTokens, TOKEN_PREFIX, createAccessTokens } from "./access-tokens";

const tmpDir = path.resolve(import.meta.dirname, "../../.tmp", `access-tokens-test-${randomBytes(4).toString("hex")}`);
const url = `file:${path.join(tmpDir, "test.db")}`;

let db: Db;
let clock: number;
let tokens: AccessTokens;
let userCount = 0;
const READ = ["presence:read"] as const satisfies TokenScope[];

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
  clock = Date.parse("2025-06-01T12:00:00.000Z");
  tokens = createAccessTokens({ store: createPrismaTokenStore(db), now: () => new Date(clock) });
});

/** A new account (no real password needed here). */
async function newUser(): Promise<AccountRecord> {
  userCount += 1;
  const created = await createPrismaAccountStore(db).create(
    { username: `tokenuser${userCount}`, displayName: `Token User ${userCount}`, passwordHash: "x" },
    { mode: "open", inviteHash: null, now: new Date() },
  );
  if (typeof created === "string") throw new Error(created);
  return created;
}

async function expectServiceError(promise: Promise<unknown>, code: string) {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(ServiceError);
  expect((error as ServiceError).code).toBe(code);
}

describe("creating and listing tokens", () => {
  it("shows the secret once, at creation", async () => {
    const user = await newUser();
    const created = await tokens.create(user, "my poller", READ);
    expect(created.token.startsWith(TOKEN_PREFIX)).toBe(true);
    expect(created.token.length).toBeGreaterThan(TOKEN_PREFIX.length + 40);
    expect(created).toEqual({
      id: expect.any(String),
      name: "my poller",
      scopes: ["presence:read"],
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      lastUsedAt: null,
      token: created.token,
    });
  });

  it("never lists the secret", async () => {
    const user = await newUser();
    const created = await tokens.create(user, "bot", READ);
    const list = await tokens.list(user);
    expect(list).toEqual([{ id: created.id, name: "bot", scopes: ["presence:read"], createdAt: created.createdAt, lastUsedAt: null }]);
    expect(JSON.stringify(list)).not.toContain(created.token);
  });

  it("stores only the SHA-256 of the secret", async () => {
    const user = await newUser();
    const created = await tokens.create(user, "bot", READ);
    const row = await db.accessToken.findUniqueOrThrow({ where: { id: created.id } });
    expect(row.tokenHash).toBe(createHash("sha256").update(created.token).digest("hex"));
    expect(JSON.stringify(row)).not.toContain(created.token.slice(TOKEN_PREFIX.length));
  });

  it("gives every token a different secret", async () => {
    const user = await newUser();
    const a = await tokens.create(user, "a", READ);
    const b = await tokens.create(user, "b", READ);
    expect(a.token).not.toBe(b.token);
    expect(a.id).not.toBe(b.id);
  });

  it("lists only the user's own tokens, oldest first", async () => {
    const alice = await newUser();
    const bob = await newUser();
    await tokens.create(alice, "first", READ);
    await tokens.create(bob, "bob's", READ);
    await tokens.create(alice, "second", READ);
    expect((await tokens.list(alice)).map((token) => token.name)).toEqual(["first", "second"]);
    expect((await tokens.list(bob)).map((token) => token.name)).toEqual(["bob's"]);
  });

  it("allows at most 20 tokens per user, and another after one is revoked", async () => {
    const user = await newUser();
    const created = [];
    for (let i = 0; i < 20; i++) created.push(await tokens.create(user, `token ${i}`, READ));
    await expectServiceError(tokens.create(user, "one too many", READ), "conflict");
    expect(await tokens.list(user)).toHaveLength(20);

    await tokens.revoke(user, created[0]!.id);
    await expect(tokens.create(user, "replacement", READ)).resolves.toMatchObject({ name: "replacement" });
    // another user is not affected by this user's count
    await expect(tokens.create(await newUser(), "mine", READ)).resolves.toMatchObject({ name: "mine" });
  });
});

describe("resolving tokens", () => {
  it("resolves a token to the account it acts for", async () => {
    const user = await newUser();
    const created = await tokens.create(user, "bot", READ);
    expect(await tokens.resolve(created.token)).toEqual({
      id: user.id,
      username: user.username,
      displayName: user.displayName,
      sessionId: `token:${created.id}`,
      tokenId: created.id,
      scopes: ["presence:read"],
    });
  });

  it("resolves a token with the scopes it was created with", async () => {
    const user = await newUser();
    const created = await tokens.create(user, "bot", ["presence:manage", "messages"]);
    expect(created.scopes).toEqual(["presence:manage", "messages"]);
    expect(await tokens.resolve(created.token)).toMatchObject({ scopes: ["presence:manage", "messages"] });
    expect((await tokens.list(user))[0]?.scopes).toEqual(["presence:manage", "messages"]);
  });

  it("refuses a token whose prefix is wrong, even with a valid secret after it", async () => {
    const user = await newUser();
    const { token } = await tokens.create(user, "bot", READ);
    const secret = token.slice(TOKEN_PREFIX.length);
    expect(await tokens.resolve(`xyz_${secret}`)).toBeNull();
    expect(await tokens.resolve(secret)).toBeNull();
    expect(await tokens.resolve(` ${token}`)).toBeNull();
  });

  it("refuses unknown and oversized tokens", async () => {
    expect(await tokens.resolve(`${TOKEN_PREFIX}${randomBytes(32).toString("base64url")}`)).toBeNull();
    expect(await tokens.resolve(TOKEN_PREFIX)).toBeNull();
    expect(await tokens.resolve(`${TOKEN_PREFIX}${"a".repeat(200)}`)).toBeNull();
    expect(await tokens.resolve("")).toBeNull();
  });

  it("refuses a token changed by one character", async () => {
    const user = await newUser();
    const { token } = await tokens.create(user, "bot", READ);
    const last = token.at(-1) === "A" ? "B" : "A";
    expect(await tokens.resolve(token.slice(0, -1) + last)).toBeNull();
  });

  it("records when a token was last used, at most once a minute", async () => {
    const user = await newUser();
    const created = await tokens.create(user, "poller", READ);
    const lastUsed = async () => (await tokens.list(user))[0]?.lastUsedAt;

    await tokens.resolve(created.token);
    expect(await lastUsed()).toBe(new Date(clock).toISOString());
    const firstUse = clock;

    clock += 30_000;
    await tokens.resolve(created.token);
    expect(await lastUsed()).toBe(new Date(firstUse).toISOString());

    clock += 31_000;
    await tokens.resolve(created.token);
    expect(await lastUsed()).toBe(new Date(clock).toISOString());
  });
});

describe("revoking tokens", () => {
  it("stops a revoked token from resolving and removes it from the list", async () => {
    const user = await newUser();
    const keep = await tokens.create(user, "keep", READ);
    const drop = await tokens.create(user, "drop", READ);
    await tokens.revoke(user, drop.id);
    expect(await tokens.resolve(drop.token)).toBeNull();
    expect(await tokens.resolve(keep.token)).not.toBeNull();
    expect((await tokens.list(user)).map((token) => token.id)).toEqual([keep.id]);
  });

  it("says not found for an unknown token id, and for a second revoke", async () => {
    const user = await newUser();
    const created = await tokens.create(user, "bot", READ);
    await expectServiceError(tokens.revoke(user, "no-such-id"), "not_found");
    await tokens.revoke(user, created.id);
    await expectServiceError(tokens.revoke(user, created.id), "not_found");
  });

  it("does not let one user revoke another's token", async () => {
    const owner = await newUser();
    const intruder = await newUser();
    const created = await tokens.create(owner, "bot", READ);
    await expectServiceError(tokens.revoke(intruder, created.id), "not_found");
    expect(await tokens.resolve(created.token)).toMatchObject({ id: owner.id });
  });
});

describe("who may manage tokens", () => {
  it("refuses a token: it can neither mint, list nor revoke tokens", async () => {
    const user = await newUser();
    const parent = await tokens.create(user, "parent", ["presence:read", "presence:manage", "messages"]);
    const asToken = (await tokens.resolve(parent.token))!;
    await expectServiceError(tokens.create(asToken, "child", READ), "insufficient_scope");
    await expectServiceError(tokens.list(asToken), "insufficient_scope");
    await expectServiceError(tokens.revoke(asToken, parent.id), "insufficient_scope");
    expect((await tokens.list(user)).map((token) => token.id)).toEqual([parent.id]);
  });
});

describe("revoking every token", () => {
  it("revokes all of one account's tokens, closes their sockets, and leaves other accounts alone", async () => {
    const ended = vi.fn<(ids: readonly string[], reason: string) => void>();
    const revoking = createAccessTokens({ store: createPrismaTokenStore(db), sessions: { sessionsEnded: ended } });
    const owner = await newUser();
    const other = await newUser();
    const first = await revoking.create(owner, "first", READ);
    const second = await revoking.create(owner, "second", ["messages"]);
    const kept = await revoking.create(other, "kept", READ);
    expect(await revoking.revokeAll(owner)).toBe(2);
    expect(await revoking.resolve(first.token)).toBeNull();
    expect(await revoking.resolve(second.token)).toBeNull();
    expect(await revoking.resolve(kept.token)).not.toBeNull();
    expect(ended).toHaveBeenCalledWith(expect.arrayContaining([`token:${first.id}`, `token:${second.id}`]), "revoked");
    expect(await revoking.revokeAll(owner)).toBe(0);
    expect(ended).toHaveBeenCalledOnce();
  });
});
