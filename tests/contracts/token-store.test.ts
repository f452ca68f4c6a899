// The token store's contract (lib/db/accounts/token-store.ts) on every backend.
import { randomUUID } from "node:crypto";
import { expect, it } from "vitest";
import { describeContract, newAccount } from "./backends";

describeContract("token store", (storage) => {
  it("keeps an account's tokens oldest first, found by hash with their account", async () => {
    const { id, username } = await newAccount(storage());
    const hash = randomUUID();
    const first = await storage().tokens.create(id, "first", hash, "presence:read");
    await new Promise((resolve) => setTimeout(resolve, 5));
    const second = await storage().tokens.create(id, "second", randomUUID(), "presence:read im:send");
    expect(first).toMatchObject({ userId: id, name: "first", tokenHash: hash, scopes: "presence:read", lastUsedAt: null });
    expect((await storage().tokens.list(id)).map((token) => token.id)).toEqual([first.id, second.id]);
    expect(await storage().tokens.findByHash(hash)).toMatchObject({
      id: first.id,
      user: { id, username, displayName: username.toUpperCase(), suspendedAt: null, deletedAt: null },
    });
    expect(await storage().tokens.findByHash("unknown")).toBeNull();
    const used = new Date("2026-04-05T06:07:08.000Z");
    await storage().tokens.touch(first.id, used);
    expect((await storage().tokens.findByHash(hash))!.lastUsedAt).toEqual(used);
  });

  it("revokes one token of its owner only, or all of them", async () => {
    const owner = await newAccount(storage());
    const other = await newAccount(storage());
    const [one, two] = [await storage().tokens.create(owner.id, "a", randomUUID(), "s"), await storage().tokens.create(owner.id, "b", randomUUID(), "s")];
    expect(await storage().tokens.revoke(other.id, one.id)).toBe(false);
    expect(await storage().tokens.revoke(owner.id, one.id)).toBe(true);
    expect(await storage().tokens.revoke(owner.id, one.id)).toBe(false);
    expect(await storage().tokens.revokeAll(owner.id)).toEqual([two.id]);
    expect(await storage().tokens.list(owner.id)).toEqual([]);
    expect(await storage().tokens.revokeAll(owner.id)).toEqual([]);
  });
});
