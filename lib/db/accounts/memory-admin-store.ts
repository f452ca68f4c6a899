// The admin store in memory (the contract: admin-store.ts), over memory-tables.ts.
import { randomUUID } from "node:crypto";
import { copy, type MemoryTables, sortBy } from "../memory-tables";
import { AUDIT_SINCE_LIMIT, type AdminStore, INVITE_LIST_LIMIT } from "./admin-store";

export function createMemoryAdminStore(tables: MemoryTables): AdminStore {
  return {
    async createInvite(input) {
      const row = { id: randomUUID(), ...input, createdAt: tables.now(), uses: 0, revokedAt: null };
      tables.invites.push(row);
      return copy(row);
    },

    async listInvites() {
      return sortBy(tables.invites, (row) => row.createdAt, "desc")
        .slice(0, INVITE_LIST_LIMIT)
        .map(copy);
    },

    async revokeInvite(id, at) {
      const invite = tables.invites.find((row) => row.id === id && row.revokedAt === null);
      if (!invite) return false;
      invite.revokedAt = at;
      return true;
    },

    async audit(entry) {
      tables.audit.push({
        id: randomUUID(),
        at: tables.now(),
        actorId: entry.actorId,
        actorName: entry.actorName,
        action: entry.action,
        target: entry.target ?? null,
        details: entry.details === undefined ? null : JSON.stringify(entry.details),
      });
    },

    async auditSince(since, action) {
      return sortBy(
        tables.audit.filter((row) => row.at > since && row.action === action),
        (row) => row.at,
      )
        .slice(0, AUDIT_SINCE_LIMIT)
        .map(copy);
    },

    async auditLog(limit) {
      return sortBy(tables.audit, (row) => row.at, "desc")
        .slice(0, limit)
        .map(copy);
    },

    async messagesPerDay(since) {
      const counts = new Map<string, number>();
      for (const message of tables.messages) {
        if (message.sentAt < since) continue;
        const day = message.sentAt.toISOString().slice(0, 10);
        counts.set(day, (counts.get(day) ?? 0) + 1);
      }
      return [...counts.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([day, count]) => ({ day, count }));
    },
  };
}
