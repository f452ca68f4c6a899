// The admin store's contract (lib/db/accounts/admin-store.ts) on every backend.
import { randomUUID } from "node:crypto";
import { expect, it } from "vitest";
import { describeContract, newAccount } from "./backends";

describeContract("admin store", (storage) => {
  it("creates invitations, lists the newest first, revokes each once", async () => {
    const expiresAt = new Date(Date.now() + 60_000);
    const first = await storage().admin.createInvite({ tokenHash: randomUUID(), createdById: null, expiresAt, maxUses: 2 });
    await new Promise((resolve) => setTimeout(resolve, 5));
    const second = await storage().admin.createInvite({ tokenHash: randomUUID(), createdById: null, expiresAt, maxUses: 1 });
    expect(first).toMatchObject({ uses: 0, revokedAt: null, maxUses: 2, expiresAt });
    expect((await storage().admin.listInvites()).map((invite) => invite.id).slice(0, 2)).toEqual([second.id, first.id]);
    const at = new Date();
    expect(await storage().admin.revokeInvite(first.id, at)).toBe(true);
    expect(await storage().admin.revokeInvite(first.id, at)).toBe(false);
    expect(await storage().admin.revokeInvite(randomUUID(), at)).toBe(false);
    expect((await storage().admin.listInvites()).find((invite) => invite.id === first.id)!.revokedAt).toEqual(at);
  });

  it("keeps the audit log: by action after a time oldest first, and the newest entries", async () => {
    const action = `test.${randomUUID().slice(0, 8)}`;
    const before = new Date(Date.now() - 1000);
    await storage().admin.audit({ actorId: null, actorName: "op", action, target: "one", details: { why: 1 } });
    await new Promise((resolve) => setTimeout(resolve, 5));
    await storage().admin.audit({ actorId: null, actorName: "op", action });
    const since = await storage().admin.auditSince(before, action);
    expect(since.map((entry) => [entry.target, entry.details])).toEqual([
      ["one", JSON.stringify({ why: 1 })],
      [null, null],
    ]);
    expect(await storage().admin.auditSince(new Date(Date.now() + 60_000), action)).toEqual([]);
    const log = await storage().admin.auditLog(2);
    expect(log.map((entry) => entry.target)).toEqual([null, "one"]);
  });

  it("counts messages per UTC day since a time, oldest day first", async () => {
    const a = await newAccount(storage());
    const b = await newAccount(storage());
    const send = (sentAt: string) =>
      storage().messages.add({ id: randomUUID(), senderId: a.id, recipientId: b.id, clientId: randomUUID(), body: "x", sentAt: new Date(sentAt) }, "accepted");
    await send("2030-01-01T23:59:59.000Z");
    await send("2030-01-02T00:00:00.000Z");
    await send("2030-01-02T12:00:00.000Z");
    await send("2029-12-31T12:00:00.000Z");
    expect(await storage().admin.messagesPerDay(new Date("2030-01-01T00:00:00.000Z"))).toEqual([
      { day: "2030-01-01", count: 1 },
      { day: "2030-01-02", count: 2 },
    ]);
  });
});
