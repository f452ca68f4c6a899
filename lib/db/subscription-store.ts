// Storage of SUBSCRIPTIONS (watcher → presentity, with a state).
import type { SubscriptionState } from "@/lib/protocol/buddy-list";
import type { Db } from "./client";

export type Party = { id: string; username: string; displayName: string };

export function createSubscriptionStore(db: Db) {
  const party = { select: { id: true, username: true, displayName: true } } as const;
  return {
    async get(watcherId: string, presentityId: string): Promise<SubscriptionState | null> {
      const row = await db.subscription.findUnique({ where: { watcherId_presentityId: { watcherId, presentityId } } });
      return (row?.state as SubscriptionState | undefined) ?? null;
    },

    async set(watcherId: string, presentityId: string, state: SubscriptionState): Promise<void> {
      await db.subscription.upsert({
        where: { watcherId_presentityId: { watcherId, presentityId } },
        create: { watcherId, presentityId, state },
        update: { state },
      });
    },

    /** Moves a subscription from one state to another; false if it was not in `from`. */
    async transition(watcherId: string, presentityId: string, from: SubscriptionState[], to: SubscriptionState) {
      const { count } = await db.subscription.updateMany({
        where: { watcherId, presentityId, state: { in: from } },
        data: { state: to },
      });
      return count > 0;
    },

    /** The state of each of these watchers' subscription to one presentity. */
    async statesFor(presentityId: string, watcherIds: string[]): Promise<Map<string, SubscriptionState>> {
      if (watcherIds.length === 0) return new Map();
      const rows = await db.subscription.findMany({
        where: { presentityId, watcherId: { in: watcherIds } },
        select: { watcherId: true, state: true },
      });
      return new Map(rows.map((row) => [row.watcherId, row.state as SubscriptionState]));
    },

    /** The presentities a watcher has asked to watch (pending or active). */
    async watching(watcherId: string): Promise<{ presentity: Party; state: SubscriptionState }[]> {
      const rows = await db.subscription.findMany({
        where: { watcherId, state: { in: ["pending", "active"] } },
        select: { state: true, presentity: party },
        orderBy: { createdAt: "asc" },
      });
      return rows.map((row) => ({ presentity: row.presentity, state: row.state as SubscriptionState }));
    },

    /** Ids of the accounts holding an active subscription to these presentities. */
    async activeWatchers(presentityIds: string[]): Promise<{ presentityId: string; watcherId: string }[]> {
      if (presentityIds.length === 0) return [];
      return db.subscription.findMany({
        where: { presentityId: { in: presentityIds }, state: "active" },
        select: { presentityId: true, watcherId: true },
      });
    },

    /** The contacts (pending or active subscriptions) of these watchers, as (owner, contact) pairs. */
    async contactsOf(ownerIds: string[]): Promise<{ ownerId: string; contactId: string }[]> {
      if (ownerIds.length === 0) return [];
      const rows = await db.subscription.findMany({
        where: { watcherId: { in: ownerIds }, state: { in: ["pending", "active"] } },
        select: { watcherId: true, presentityId: true },
      });
      return rows.map((row) => ({ ownerId: row.watcherId, contactId: row.presentityId }));
    },

    /** Requests to watch this presentity that wait for its answer. */
    async pendingFor(presentityId: string): Promise<{ watcher: Party; createdAt: Date; updatedAt: Date }[]> {
      return db.subscription.findMany({
        where: { presentityId, state: "pending" },
        select: { watcher: party, createdAt: true, updatedAt: true },
        orderBy: { updatedAt: "asc" },
      });
    },
  };
}
export type SubscriptionStore = ReturnType<typeof createSubscriptionStore>;
