// The push store on Prisma (SQLite or PostgreSQL): tables PushSubscription and PushPreference.
import { batched } from "../batched";
import type { Db } from "../client";
import { readRows } from "../direct-reads";
import { Prisma } from "../generated/sqlite/client";
import { rawDate } from "../raw-values";
import { DEFAULT_PUSH_PREFERENCES, MAX_PUSH_SUBSCRIPTIONS, type PushStore, type StoredPushSubscription } from "./push-store";

export function createPrismaPushStore(db: Db): PushStore {
  /**
   * Subscriptions of the accounts asked for in one turn (at most MAX_BATCH), each oldest first.
   * Every message asks for its recipient's: raw, past Prisma's engine on SQLite (~0.2 ms a read).
   */
  const listOf = batched(async (userIds: string[]) => {
    const rows = await readRows<Omit<StoredPushSubscription, "createdAt"> & { createdAt: Date | string }>(
      db,
      Prisma.sql`SELECT "id", "userId", "endpoint", "p256dh", "auth", "userAgent", "createdAt" FROM "PushSubscription"
        WHERE "userId" IN (${Prisma.join([...new Set(userIds)])}) ORDER BY "createdAt", "id"`,
    );
    const byUser = new Map<string, StoredPushSubscription[]>();
    for (const row of rows) byUser.set(row.userId, [...(byUser.get(row.userId) ?? []), { ...row, createdAt: rawDate(row.createdAt) }]);
    return userIds.map((userId) => byUser.get(userId) ?? []);
  });

  return {
    async save(subscription) {
      const { id, userId, endpoint, p256dh, auth, userAgent } = subscription;
      const row = await db.pushSubscription.upsert({
        where: { endpoint },
        create: { id, userId, endpoint, p256dh, auth, userAgent, createdAt: subscription.createdAt ?? new Date() },
        update: { userId, p256dh, auth, userAgent },
      });
      const all = await db.pushSubscription.findMany({ where: { userId }, orderBy: { createdAt: "desc" }, select: { id: true } });
      const extra = all.slice(MAX_PUSH_SUBSCRIPTIONS).map((old) => old.id);
      if (extra.length > 0) await db.pushSubscription.deleteMany({ where: { id: { in: extra } } });
      return row satisfies StoredPushSubscription;
    },

    // A group message's fan-out asks for every recipient's devices in one turn: one read answers them all.
    list: listOf,

    async remove(userId, id) {
      const { count } = await db.pushSubscription.deleteMany({ where: { userId, id } });
      return count > 0;
    },

    async removeEndpoint(endpoint) {
      await db.pushSubscription.deleteMany({ where: { endpoint } });
    },

    async removeAll(userId) {
      await db.$transaction([
        db.pushSubscription.deleteMany({ where: { userId } }),
        db.pushPreference.deleteMany({ where: { userId } }),
      ]);
    },

    async preferences(userId) {
      const row = await db.pushPreference.findUnique({ where: { userId }, select: { showText: true } });
      return row ?? DEFAULT_PUSH_PREFERENCES;
    },

    savePreferences(userId, preferences) {
      return db.pushPreference.upsert({
        where: { userId },
        create: { userId, ...preferences },
        update: preferences,
        select: { showText: true },
      });
    },
  };
}
