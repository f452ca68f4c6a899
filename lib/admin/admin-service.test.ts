// The operator's tools on in-memory storage: who may use them, invitations, suspensions (and
// what they end), figures, and the audit trail every action leaves.
import { randomUUID } from "node:crypto";
import { describe, expect, it, vi } from "vitest";
import type { SessionNotifier } from "@/lib/accounts/notifier";
import { createMemoryStorage } from "@/lib/db/memory-storage";
import { ErrorCode } from "@/lib/protocol/errors";
import { type Actor, FIGURE_DAYS, TERMINAL, createAdminService } from "./admin-service";

const HOUR = 3_600_000;

function world(start = new Date("2026-07-15T12:00:00.000Z")) {
  let clock = start.getTime();
  const storage = createMemoryStorage(() => new Date(clock));
  const ended: { ids: string[]; reason: string }[] = [];
  const suspended: string[] = [];
  const sessions: SessionNotifier = { sessionsEnded: (ids, reason) => void ended.push({ ids: [...ids], reason }) };
  const admin = createAdminService({
    accounts: storage.accounts,
    admin: storage.admin,
    sessions,
    suspensions: { accountsSuspended: (ids) => void suspended.push(...ids) },
    connectedClients: async () => 3,
    now: () => new Date(clock),
  });
  return {
    storage,
    admin,
    ended,
    suspended,
    advance: (ms: number) => (clock += ms),
    async account(name: string) {
      const created = await storage.accounts.create(
        { username: `${name}${randomUUID().slice(0, 4)}`, displayName: name, passwordHash: "x" },
        { mode: "open", inviteHash: null, now: new Date(clock) },
      );
      if (typeof created === "string") throw new Error(created);
      return created;
    },
  };
}

describe("requireAdmin", () => {
  it("lets in the administrator only, and not once suspended or deleted", async () => {
    const w = world();
    const root = await w.account("root");
    const user = await w.account("user");
    await expect(w.admin.requireAdmin(root.id)).resolves.toBeUndefined();
    await expect(w.admin.requireAdmin(user.id)).rejects.toMatchObject({ code: ErrorCode.forbidden });
    await expect(w.admin.requireAdmin(randomUUID())).rejects.toMatchObject({ code: ErrorCode.forbidden });
    await w.storage.accounts.setSuspended(root.id, new Date());
    await expect(w.admin.requireAdmin(root.id)).rejects.toMatchObject({ code: ErrorCode.forbidden });
    await w.storage.accounts.setSuspended(root.id, null);
    await w.storage.accounts.tombstone(root.id, new Date());
    await expect(w.admin.requireAdmin(root.id)).rejects.toMatchObject({ code: ErrorCode.forbidden });
  });
});

describe("invitations", () => {
  it("creates one whose secret admits a sign-up, lists it with its state, and audits both", async () => {
    const w = world();
    const root = await w.account("root");
    const actor: Actor = { id: root.id, name: root.username };
    const created = await w.admin.createInvite(actor, { expiresInHours: 24, maxUses: 1 });
    expect(created.expiresAt).toBe("2026-07-16T12:00:00.000Z");
    expect(await w.admin.listInvites()).toMatchObject([{ id: created.id, uses: 0, maxUses: 1, state: "active" }]);

    const { inviteHash } = await import("@/lib/accounts/invites");
    const admitted = await w.storage.accounts.create(
      { username: "invited", displayName: "Invited", passwordHash: "x" },
      { mode: "invite", inviteHash: inviteHash(created.secret), now: new Date("2026-07-15T13:00:00.000Z") },
    );
    expect(admitted).toMatchObject({ username: "invited" });
    expect((await w.admin.listInvites())[0]!.state).toBe("used-up");

    w.advance(1000);
    const expiring = await w.admin.createInvite(TERMINAL, { expiresInHours: 1, maxUses: 5 });
    w.advance(2 * HOUR);
    expect((await w.admin.listInvites()).find((invite) => invite.id === expiring.id)!.state).toBe("expired");
    await w.admin.revokeInvite(TERMINAL, expiring.id);
    expect((await w.admin.listInvites()).find((invite) => invite.id === expiring.id)!.state).toBe("revoked");
    await expect(w.admin.revokeInvite(TERMINAL, expiring.id)).rejects.toMatchObject({ code: ErrorCode.not_found });

    expect((await w.admin.auditLog()).map((entry) => [entry.action, entry.via])).toEqual([
      ["invite.revoke", "terminal"],
      ["invite.create", "terminal"],
      ["invite.create", "web"],
    ]);
    expect((await w.admin.auditLog()).at(-1)!.details).toEqual({ expiresInHours: 24, maxUses: 1 });
  });
});

describe("suspensions", () => {
  it("suspends: sessions and tokens end at once, it is audited, and watching processes are told once", async () => {
    const w = world();
    const root = await w.account("root");
    const user = await w.account("user");
    const session = await w.storage.accounts.createSession({ userId: user.id, expiresAt: new Date("2027-01-01T00:00:00.000Z") });
    const token = await w.storage.tokens.create(user.id, "bot", randomUUID(), "presence:read");
    const actor: Actor = { id: root.id, name: root.username };
    // Other processes learn of suspensions by watching the audit log.
    vi.useFakeTimers();
    const stop = w.admin.watchSuspensions((error) => {
      throw error;
    }, 1000);
    try {
      w.advance(1);
      await w.admin.suspend(actor, user.username.toUpperCase());
      expect(w.ended).toEqual([{ ids: [session.id, `token:${token.id}`], reason: "revoked" }]);
      expect(await w.storage.accounts.listSessions(user.id)).toEqual([]);
      expect((await w.admin.listAccounts(user.username))[0]).toMatchObject({ username: user.username, status: "suspended" });
      await vi.advanceTimersByTimeAsync(1000);
      expect(w.suspended).toEqual([user.id]);
      await vi.advanceTimersByTimeAsync(1000);
      expect(w.suspended).toEqual([user.id]);

      w.advance(1000);
      await w.admin.unsuspend(actor, user.username);
      expect((await w.admin.listAccounts(user.username))[0]!.status).toBe("active");
      await vi.advanceTimersByTimeAsync(1000);
      expect(w.suspended).toEqual([user.id]);
    } finally {
      stop();
      vi.useRealTimers();
    }
    expect((await w.admin.auditLog()).map((entry) => [entry.action, entry.target])).toEqual([
      ["account.unsuspend", user.username],
      ["account.suspend", user.username],
    ]);
  });

  it("refuses to suspend oneself or an unknown name", async () => {
    const w = world();
    const root = await w.account("root");
    await expect(w.admin.suspend({ id: root.id, name: root.username }, root.username)).rejects.toMatchObject({ code: ErrorCode.conflict });
    await expect(w.admin.suspend(TERMINAL, "nobody-at-all")).rejects.toMatchObject({ code: ErrorCode.not_found });
    await expect(w.admin.unsuspend(TERMINAL, "nobody-at-all")).rejects.toMatchObject({ code: ErrorCode.not_found });
    expect(await w.admin.auditLog()).toEqual([]);
  });

  it("lists accounts by name with their status, deleted ones too", async () => {
    const w = world();
    await w.account("root");
    const gone = await w.account("gone");
    await w.storage.accounts.tombstone(gone.id, new Date());
    expect(await w.admin.listAccounts(gone.username)).toMatchObject([{ username: gone.username, status: "deleted", isAdmin: false }]);
  });
});

describe("figures", () => {
  it("counts live accounts, connected devices, and messages per day over the last days, gaps as zero", async () => {
    const w = world();
    const [a, b] = [await w.account("a"), await w.account("b")];
    const gone = await w.account("gone");
    await w.storage.accounts.tombstone(gone.id, new Date());
    const send = (sentAt: string) =>
      w.storage.messages.add({ id: randomUUID(), senderId: a.id, recipientId: b.id, clientId: randomUUID(), body: "x", sentAt: new Date(sentAt) }, "accepted");
    await send("2026-07-15T08:00:00.000Z");
    await send("2026-07-15T09:00:00.000Z");
    await send("2026-07-01T09:00:00.000Z");
    await send("2026-05-01T09:00:00.000Z");
    const figures = await w.admin.figures();
    expect(figures.accounts).toBe(2);
    expect(figures.connectedClients).toBe(3);
    expect(figures.messagesPerDay).toHaveLength(FIGURE_DAYS);
    expect(figures.messagesPerDay.at(-1)).toEqual({ day: "2026-07-15", count: 2 });
    expect(figures.messagesPerDay.find((row) => row.day === "2026-07-01")).toEqual({ day: "2026-07-01", count: 1 });
    expect(figures.messagesPerDay.reduce((sum, row) => sum + row.count, 0)).toBe(3);
  });
});
