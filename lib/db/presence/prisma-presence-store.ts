// The presence store on SQLite or PostgreSQL through Prisma (the contract: presence-store.ts).
import { randomUUID } from "node:crypto";
import type { Availability, BasicStatus, TupleMeans } from "@/lib/protocol/presence";
import { DEFAULT_WATCHER_RETENTION_DAYS, type PresenceStore, type StoredPresentity } from "./presence-store";
import type { Db } from "../client";
import { readRows } from "../direct-reads";
import { likePrefix } from "../like";
import { Prisma } from "../generated/sqlite/client";
import { type Provider, placeholdersFor } from "../im/sql";
import { rawBoolean, rawDate } from "../raw-values";
import type { WriteStatement } from "../sqlite-writer";
import { runTransaction } from "../transactions";

type RawDate = Date | string;
/** A row of load(): the account, its presentity (null columns without one), one tuple or none. */
type PresentityRow = {
  userId: string;
  username: string;
  displayName: string;
  createdAt: RawDate;
  version: bigint | number | null;
  availability: string | null;
  note: string | null;
  statusExpiresAt: RawDate | null;
  lastSeenAt: RawDate | null;
  invisible: unknown;
  customRules: unknown;
  watcherRetentionDays: number | bigint | null;
  updatedAt: RawDate | null;
  tupleId: string | null;
  means: string | null;
  address: string | null;
  label: string | null;
  status: string | null;
};

/**
 * These columns of an account's presentity row, the row made if missing, in one statement.
 * Raw, and on SQLite on the writer thread (transactions.ts): every status change and every last
 * device to close writes one, and Prisma's upsert cost the event loop ~0.3–0.5 ms each.
 */
function upsertPresentity(provider: Provider, userId: string, columns: Record<string, unknown>): WriteStatement {
  const names = ["userId", ...Object.keys(columns), "updatedAt"].map((name) => `"${name}"`);
  const values = [userId, ...Object.values(columns), new Date()];
  return {
    sql: `INSERT INTO "Presentity" (${names.join(", ")}) VALUES (${placeholdersFor(provider)(values.length, 1).join(", ")})
      ON CONFLICT ("userId") DO UPDATE SET ${names.slice(1).map((name) => `${name} = excluded.${name}`).join(", ")}`,
    values,
  };
}

export function createPrismaPresenceStore(db: Db, provider: Provider): PresenceStore {
  const upsert = async (userId: string, columns: Record<string, unknown>) => {
    await runTransaction(db, [upsertPresentity(provider, userId, columns)]);
  };
  return {
    /**
     * The stored presence of these accounts (missing ids are unknown accounts), in one statement:
     * the account, its presentity row and its user tuples joined (a row per tuple, or one row
     * without). Every presentity a server touches after a start is loaded this way.
     */
    async load(userIds: string[]): Promise<StoredPresentity[]> {
      if (userIds.length === 0) return [];
      const rows = await readRows<PresentityRow>(db, Prisma.sql`
        SELECT u."id" AS "userId", u."username" AS "username", u."displayName" AS "displayName", u."createdAt" AS "createdAt",
               p."version" AS "version", p."availability" AS "availability", p."note" AS "note",
               p."statusExpiresAt" AS "statusExpiresAt", p."lastSeenAt" AS "lastSeenAt", p."invisible" AS "invisible", p."customRules" AS "customRules",
               p."watcherRetentionDays" AS "watcherRetentionDays", p."updatedAt" AS "updatedAt",
               t."id" AS "tupleId", t."means" AS "means", t."address" AS "address", t."label" AS "label", t."status" AS "status"
        FROM "User" u
        LEFT JOIN "Presentity" p ON p."userId" = u."id"
        LEFT JOIN "UserTuple" t ON t."userId" = u."id"
        WHERE u."id" IN (${Prisma.join(userIds)}) AND u."deletedAt" IS NULL
        ORDER BY u."id", t."position"`);
      const byUser = new Map<string, StoredPresentity>();
      for (const row of rows) {
        let presentity = byUser.get(row.userId);
        if (!presentity) {
          presentity = {
            userId: row.userId,
            username: row.username,
            displayName: row.displayName,
            version: Number(row.version ?? 0),
            availability: (row.availability ?? "available") as Availability,
            note: row.note,
            statusExpiresAt: row.statusExpiresAt === null ? null : rawDate(row.statusExpiresAt),
            lastSeenAt: row.lastSeenAt === null ? null : rawDate(row.lastSeenAt),
            invisible: rawBoolean(row.invisible),
            customRules: rawBoolean(row.customRules),
            watcherRetentionDays: row.watcherRetentionDays === null ? DEFAULT_WATCHER_RETENTION_DAYS : Number(row.watcherRetentionDays),
            updatedAt: rawDate(row.updatedAt ?? row.createdAt),
            userTuples: [],
          };
          byUser.set(row.userId, presentity);
        }
        if (row.tupleId !== null) {
          presentity.userTuples.push({
            id: row.tupleId,
            means: row.means as TupleMeans,
            address: row.address!,
            label: row.label,
            status: row.status as BasicStatus,
          });
        }
      }
      return [...byUser.values()];
    },

    async idOf(username: string): Promise<string | null> {
      const user = await db.user.findFirst({ where: { username, deletedAt: null }, select: { id: true } });
      return user?.id ?? null;
    },

    async saveStatus(userId, { version, availability, note, statusExpiresAt }): Promise<void> {
      await upsert(userId, { version: BigInt(version), availability, note, statusExpiresAt });
    },

    /**
     * Clears a status whose expiry has passed. Conditional, so when several processes race to
     * expire the same status exactly one of them gets `true` and notifies watchers.
     */
    async clearExpiredStatus(userId: string, now: Date, version: number): Promise<boolean> {
      const { count } = await db.presentity.updateMany({
        where: { userId, statusExpiresAt: { lte: now } },
        data: { availability: "available", note: null, statusExpiresAt: null, version: BigInt(version) },
      });
      return count > 0;
    },

    /** Accounts whose status expires before `until`. */
    async expiringBefore(until: Date): Promise<{ userId: string; statusExpiresAt: Date }[]> {
      const rows = await db.presentity.findMany({
        where: { statusExpiresAt: { not: null, lte: until } },
        select: { userId: true, statusExpiresAt: true },
      });
      return rows.map((row) => ({ userId: row.userId, statusExpiresAt: row.statusExpiresAt! }));
    },

    async saveSettings(userId: string, settings: { invisible?: boolean; watcherRetentionDays?: number }) {
      await db.presentity.upsert({ where: { userId }, create: { userId, ...settings }, update: settings });
    },

    /** Presentities whose watcher information is kept for a non-default number of days. */
    async customRetention(defaultDays: number): Promise<{ presentityId: string; days: number }[]> {
      const rows = await db.presentity.findMany({
        where: { watcherRetentionDays: { not: defaultDays } },
        select: { userId: true, watcherRetentionDays: true },
      });
      return rows.map((row) => ({ presentityId: row.userId, days: row.watcherRetentionDays }));
    },

    /** Usernames starting with a prefix (for suggestions), in alphabetical order. */
    async search(prefix: string, limit: number): Promise<{ id: string; username: string; displayName: string }[]> {
      // Raw, because Prisma's startsWith passes `%` and `_` on as wildcards and cannot say ESCAPE.
      return db.$queryRaw<{ id: string; username: string; displayName: string }[]>`
        SELECT "id", "username", "displayName" FROM "User"
        WHERE "username" LIKE ${likePrefix(prefix)} ESCAPE '\\' AND "deletedAt" IS NULL
        ORDER BY "username" ASC LIMIT ${limit}`;
    },

    async saveLastSeen(userId: string, lastSeenAt: Date, version: number): Promise<void> {
      await upsert(userId, { lastSeenAt, version: BigInt(version) });
    },

    /** Replaces the ordered list of user tuples; returns their ids (new ones are assigned). */
    async saveUserTuples(
      userId: string,
      version: number,
      tuples: { id?: string; means: TupleMeans; address: string; label: string | null; status: BasicStatus }[],
    ): Promise<string[]> {
      const rows = tuples.map((tuple, position) => ({ ...tuple, id: tuple.id ?? randomUUID(), userId, position }));
      await db.$transaction([
        db.userTuple.deleteMany({ where: { userId } }),
        db.userTuple.createMany({ data: rows }),
        db.presentity.upsert({
          where: { userId },
          create: { userId, version: BigInt(version) },
          update: { version: BigInt(version) },
        }),
      ]);
      return rows.map((row) => row.id);
    },
  };
}
