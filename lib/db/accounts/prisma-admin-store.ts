// The admin store on SQLite or PostgreSQL through Prisma (the contract: admin-store.ts).
import { randomUUID } from "node:crypto";
import type { Db } from "../client";
import { AUDIT_SINCE_LIMIT, type AdminStore, INVITE_LIST_LIMIT } from "./admin-store";

export function createPrismaAdminStore(db: Db, provider: "sqlite" | "postgresql"): AdminStore {
  return {
    createInvite(input: { tokenHash: string; createdById: string | null; expiresAt: Date; maxUses: number }) {
      return db.invite.create({ data: { id: randomUUID(), ...input } });
    },
    listInvites() {
      return db.invite.findMany({ orderBy: { createdAt: "desc" }, take: INVITE_LIST_LIMIT });
    },
    async revokeInvite(id: string, at: Date): Promise<boolean> {
      const { count } = await db.invite.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: at } });
      return count > 0;
    },

    async audit(entry: { actorId: string | null; actorName: string; action: string; target?: string; details?: unknown }) {
      await db.auditEntry.create({
        data: {
          id: randomUUID(),
          actorId: entry.actorId,
          actorName: entry.actorName,
          action: entry.action,
          target: entry.target ?? null,
          details: entry.details === undefined ? null : JSON.stringify(entry.details),
        },
      });
    },
    /** Entries of one action after a time, oldest first. */
    auditSince(since: Date, action: string) {
      return db.auditEntry.findMany({ where: { at: { gt: since }, action }, orderBy: { at: "asc" }, take: AUDIT_SINCE_LIMIT });
    },
    auditLog(limit: number) {
      return db.auditEntry.findMany({ orderBy: { at: "desc" }, take: limit });
    },

    /** Messages stored per UTC day since `since` (days without messages are absent). */
    async messagesPerDay(since: Date): Promise<{ day: string; count: number }[]> {
      const rows =
        provider === "sqlite"
          ? await db.$queryRaw<{ day: string; count: bigint | number }[]>`
              SELECT substr("sentAt", 1, 10) AS day, COUNT(*) AS count FROM "Message"
              WHERE "sentAt" >= ${since.toISOString()} GROUP BY day ORDER BY day`
          : await db.$queryRaw<{ day: string; count: bigint | number }[]>`
              SELECT to_char("sentAt" AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day, COUNT(*) AS count FROM "Message"
              WHERE "sentAt" >= ${since} GROUP BY day ORDER BY day`;
      return rows.map((row) => ({ day: row.day, count: Number(row.count) }));
    },
  };
}
