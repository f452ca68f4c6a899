// The XMPP cursor store's contract (lib/db/xmpp/cursor-store.ts) on every backend.
import { expect, it } from "vitest";
import { describeContract, newAccount } from "./backends";

describeContract("XMPP cursor store", (storage) => {
  it("has no cursor for a resource never signed in with", async () => {
    const owner = await newAccount(storage());
    expect(await storage().xmppCursors.get(owner.id, "phone")).toBeNull();
  });

  it("keeps one cursor per account and resource, and only moves it forward", async () => {
    const owner = await newAccount(storage());
    const other = await newAccount(storage());
    await storage().xmppCursors.advance(owner.id, "phone", 10);
    await storage().xmppCursors.advance(owner.id, "laptop", 3);
    await storage().xmppCursors.advance(other.id, "phone", 99);
    await storage().xmppCursors.advance(owner.id, "phone", 7); // a slower session of the same resource
    expect(await storage().xmppCursors.get(owner.id, "phone")).toBe(10);
    await storage().xmppCursors.advance(owner.id, "phone", 12);
    expect(await storage().xmppCursors.get(owner.id, "phone")).toBe(12);
    expect(await storage().xmppCursors.get(owner.id, "laptop")).toBe(3);
    expect(await storage().xmppCursors.get(other.id, "phone")).toBe(99);
    expect(await storage().xmppCursors.get(owner.id, "")).toBeNull();
  });

  it("forgets the cursors of a deleted account, not those of others", async () => {
    const gone = await newAccount(storage());
    const stays = await newAccount(storage());
    await storage().xmppCursors.advance(gone.id, "phone", 5);
    await storage().xmppCursors.advance(stays.id, "phone", 6);
    await storage().accounts.tombstone(gone.id, new Date());
    expect(await storage().xmppCursors.get(gone.id, "phone")).toBeNull();
    expect(await storage().xmppCursors.get(stays.id, "phone")).toBe(6);
  });
});
