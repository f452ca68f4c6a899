// PLAIN sign-ins checked against the account's SCRAM key (async PBKDF2), Argon2 only for an
// account that has no keys yet (which then gets them), on in-memory storage.
import { describe, expect, it } from "vitest";
import { createMemoryStorage } from "@/lib/db/memory-storage";
import { hashPassword } from "./passwords";
import { createXmppCredentials } from "./xmpp-credentials";

const PASSWORD = "violet-marmot-sings-backwards";
const storage = createMemoryStorage();
const credentials = createXmppCredentials({
  scram: storage.scram,
  accounts: storage.accounts,
  accessTokens: { resolve: async () => null },
  passwordAttempts: { check: async () => ({ ok: false, retryAfter: 0 }) },
  secret: "test-secret",
});

async function account(username: string) {
  const created = await storage.accounts.create(
    { username, displayName: username, passwordHash: await hashPassword(PASSWORD) },
    { mode: "open", inviteHash: null, now: new Date() },
  );
  if (typeof created === "string") throw new Error(created);
  return created;
}

describe("PLAIN against SCRAM keys", () => {
  it("accepts the password and refuses another once the account has keys", async () => {
    const { id } = await account("plainkeys");
    await credentials.passwordKnown(id, PASSWORD);
    expect(await credentials.checkPlain("plainkeys", PASSWORD)).toMatchObject({ tokenId: null });
    expect(await credentials.checkPlain("plainkeys", `${PASSWORD}!`)).toBeUndefined();
  });

  it("checks an account without keys against its password hash and derives its keys then", async () => {
    await account("plainnokeys");
    expect((await storage.scram.account("plainnokeys"))?.passwordKeys).toBeNull();
    expect(await credentials.checkPlain("plainnokeys", "wrong password")).toBeUndefined();
    expect((await storage.scram.account("plainnokeys"))?.passwordKeys).toBeNull();
    expect(await credentials.checkPlain("plainnokeys", PASSWORD)).toMatchObject({ tokenId: null });
    expect((await storage.scram.account("plainnokeys"))?.passwordKeys).not.toMatchObject({ tokenId: null });
    expect(await credentials.checkPlain("plainnokeys", PASSWORD)).toMatchObject({ tokenId: null });
  });

  it("refuses a name that has no account", async () => {
    expect(await credentials.checkPlain("nobodyhere", PASSWORD)).toBeUndefined();
  });

  it("refuses the old password once a new one's keys are derived", async () => {
    const { id } = await account("plainchanged");
    await credentials.passwordKnown(id, PASSWORD);
    await credentials.passwordKnown(id, "a brand new password 7");
    expect(await credentials.checkPlain("plainchanged", PASSWORD)).toBeUndefined();
    expect(await credentials.checkPlain("plainchanged", "a brand new password 7")).toMatchObject({ tokenId: null });
  });
});
