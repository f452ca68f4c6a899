// Storage of the presence that outlives a connection: status, note, expiry, user tuples,
// last seen, and the version they were written at.
import { randomUUID } from "node:crypto";
import type { Availability, BasicStatus, TupleMeans } from "@/lib/protocol/presence";
import type { Db } from "./client";

export type StoredPresentity = {
  userId: string;
  username: string;
  displayName: string;
  version: number;
  availability: Availability;
  note: string | null;
  statusExpiresAt: Date | null;
  lastSeenAt: Date | null;
  invisible: boolean;
  watcherRetentionDays: number;
  updatedAt: Date;
  userTuples: { id: string; means: TupleMeans; address: string; label: string | null; status: BasicStatus }[];
};

export type StatusWrite = {
  version: number;
  availability: Availability;
  note: string | null;
  statusExpiresAt: Date | null;
};

export function createPresenceStore(db: Db) {
  return {
    /** The stored presence of these accounts (missing ids are unknown accounts). */
    async load(userIds: string[]): Promise<StoredPresentity[]> {
      if (userIds.length === 0) return [];
      const users = await db.user.findMany({
        where: { id: { in: userIds }, deletedAt: null },
        select: {
          id: true,
          username: true,
          displayName: true,
          createdAt: true,
          presentity: true,
          userTuples: { orderBy: { position: "asc" } },
        },
      });
      return users.map((user) => ({
        userId: user.id,
        username: user.username,
        displayName: user.displayName,
        version: Number(user.presentity?.version ?? 0),
        availability: (user.presentity?.availability ?? "available") as Availability,
        note: user.presentity?.note ?? null,
        statusExpiresAt: user.presentity?.statusExpiresAt ?? null,
        lastSeenAt: user.presentity?.lastSeenAt ?? null,
        invisible: user.presentity?.invisible ?? false,
        watcherRetentionDays: user.presentity?.watcherRetentionDays ?? 30,
        updatedAt: user.presentity?.updatedAt ?? user.createdAt,
        userTuples: user.userTuples.map((tuple) => ({
          id: tuple.id,
          means: tuple.means as TupleMeans,
          address: tuple.address,
          label: tuple.label,
          status: tuple.status as BasicStatus,
        })),
      }));
    },

    async idOf(username: string): Promise<string | null> {
      const user = await db.user.findFirst({ where: { username, deletedAt: null }, select: { id: true } });
      return user?.id ?? null;
    },

    async saveStatus(userId: string, status: StatusWrite): Promise<void> {
      const data = { ...status, version: BigInt(status.version) };
      await db.presentity.upsert({ where: { userId }, create: { userId, ...data }, update: data });
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
      return db.user.findMany({
        where: { username: { startsWith: prefix }, deletedAt: null },
        select: { id: true, username: true, displayName: true },
        orderBy: { username: "asc" },
        take: limit,
      });
    },

    async saveLastSeen(userId: string, lastSeenAt: Date, version: number): Promise<void> {
      const data = { lastSeenAt, version: BigInt(version) };
      await db.presentity.upsert({ where: { userId }, create: { userId, ...data }, update: data });
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
export type PresenceStore = ReturnType<typeof createPresenceStore>;
