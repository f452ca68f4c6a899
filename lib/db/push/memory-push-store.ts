// The push store in memory, over the shared tables (memory-tables.ts), so that an account's
// deletion reaches it as it does in SQL: the same contract as the Prisma one.
import { copy, deleteWhere, type MemoryTables, sortBy } from "../memory-tables";
import { DEFAULT_PUSH_PREFERENCES, MAX_PUSH_SUBSCRIPTIONS, type PushStore, type StoredPushSubscription } from "./push-store";

export function createMemoryPushStore(tables: MemoryTables): PushStore {
  /** The account's rows, oldest first (ties by id, as the Prisma store orders them). */
  const ofUser = (userId: string) =>
    sortBy(
      sortBy(
        tables.pushSubscriptions.filter((row) => row.userId === userId),
        (row) => row.id,
      ),
      (row) => row.createdAt,
    );

  return {
    async save(subscription) {
      const earlier = tables.pushSubscriptions.find((row) => row.endpoint === subscription.endpoint);
      let row: StoredPushSubscription;
      if (earlier) {
        row = Object.assign(earlier, {
          userId: subscription.userId,
          p256dh: subscription.p256dh,
          auth: subscription.auth,
          userAgent: subscription.userAgent,
        });
      } else {
        row = { ...subscription, createdAt: subscription.createdAt ?? tables.now() };
        tables.pushSubscriptions.push(row);
      }
      // The newest stay: beyond the limit, the oldest devices give way.
      const all = ofUser(row.userId);
      const extra = new Set(all.slice(0, Math.max(0, all.length - MAX_PUSH_SUBSCRIPTIONS)).map((old) => old.id));
      deleteWhere(tables.pushSubscriptions, (candidate) => extra.has(candidate.id));
      return copy(row);
    },
    async list(userId) {
      return ofUser(userId).map(copy);
    },
    async remove(userId, id) {
      return deleteWhere(tables.pushSubscriptions, (row) => row.userId === userId && row.id === id) > 0;
    },
    async removeEndpoint(endpoint) {
      deleteWhere(tables.pushSubscriptions, (row) => row.endpoint === endpoint);
    },
    async removeAll(userId) {
      dropPushOf(tables, userId);
    },
    async preferences(userId) {
      const row = tables.pushPreferences.find((candidate) => candidate.userId === userId);
      return row ? { showText: row.showText } : { ...DEFAULT_PUSH_PREFERENCES };
    },
    async savePreferences(userId, next) {
      deleteWhere(tables.pushPreferences, (row) => row.userId === userId);
      tables.pushPreferences.push({ userId, showText: next.showText });
      return { showText: next.showText };
    },
  };
}

/** Removes an account's devices and preferences (its deletion). */
export function dropPushOf(tables: MemoryTables, userId: string): void {
  deleteWhere(tables.pushSubscriptions, (row) => row.userId === userId);
  deleteWhere(tables.pushPreferences, (row) => row.userId === userId);
}
