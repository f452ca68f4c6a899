// The SCRAM store's contract (lib/db/accounts/scram-store.ts) on every backend.
import { randomBytes } from "node:crypto";
import { expect, it } from "vitest";
import { describeContract, newAccount } from "./backends";

const hash = () => randomBytes(16).toString("hex");

describeContract("SCRAM store", (storage) => {
  it("knows no account of a name nobody has, and nothing SCRAM of a new account", async () => {
    expect(await storage().scram.account("nobody-at-all")).toBeNull();
    const owner = await newAccount(storage());
    expect(await storage().scram.account(owner.username)).toEqual({
      user: { id: owner.id, username: owner.username, displayName: owner.username.toUpperCase(), suspendedAt: null, deletedAt: null },
      salt: null,
      passwordKeys: null,
      tokens: [],
    });
  });

  it("keeps the first salt stored: a later candidate gets the stored one back", async () => {
    const owner = await newAccount(storage());
    const first = await storage().scram.ensureSalt(owner.id, { salt: "c2FsdDE=", iterations: 4096 });
    expect(first).toEqual({ salt: "c2FsdDE=", iterations: 4096 });
    expect(await storage().scram.ensureSalt(owner.id, { salt: "c2FsdDI=", iterations: 10000 })).toEqual(first);
    expect((await storage().scram.account(owner.username))?.salt).toEqual(first);
  });

  it("replaces the password keys, and keeps each app password's keys on its token, oldest first", async () => {
    const owner = await newAccount(storage());
    const other = await newAccount(storage());
    await storage().scram.savePasswordKeys(owner.id, "keys-1");
    await storage().scram.savePasswordKeys(owner.id, "keys-2");
    const gajim = await storage().tokens.create(owner.id, "Gajim", hash(), "xmpp");
    const web = await storage().tokens.create(owner.id, "bot", hash(), "messages");
    const phone = await storage().tokens.create(owner.id, "phone", hash(), "xmpp");
    await storage().scram.saveTokenKeys(phone.id, "phone-keys");
    await storage().scram.saveTokenKeys(gajim.id, "gajim-keys");
    const account = await storage().scram.account(owner.username);
    expect(account?.passwordKeys).toBe("keys-2");
    // A token without keys (not an app password) is not listed.
    expect(account?.tokens).toEqual([
      { id: gajim.id, scopes: "xmpp", keys: "gajim-keys" },
      { id: phone.id, scopes: "xmpp", keys: "phone-keys" },
    ]);
    expect(account?.tokens.map((token) => token.id)).not.toContain(web.id);
    expect((await storage().scram.account(other.username))?.passwordKeys).toBeNull();
  });

  it("forgets a revoked token's keys, and ignores keys for a token that does not exist", async () => {
    const owner = await newAccount(storage());
    const token = await storage().tokens.create(owner.id, "Gajim", hash(), "xmpp");
    await storage().scram.saveTokenKeys(token.id, "keys");
    await storage().scram.saveTokenKeys("no-such-token", "keys");
    expect(await storage().tokens.revoke(owner.id, token.id)).toBe(true);
    expect((await storage().scram.account(owner.username))?.tokens).toEqual([]);
  });
});
