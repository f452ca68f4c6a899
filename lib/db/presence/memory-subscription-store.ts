// The subscription store in memory (the contract: subscription-store.ts), over memory-tables.ts.
import { type MemoryTables, sortBy } from "../memory-tables";
import { HELD_STATES, type SubscriptionStore } from "./subscription-store";

export function createMemorySubscriptionStore(tables: MemoryTables): SubscriptionStore {
  const row = (watcherId: string, presentityId: string) =>
    tables.subscriptions.find((candidate) => candidate.watcherId === watcherId && candidate.presentityId === presentityId);

  return {
    async get(watcherId, presentityId) {
      return row(watcherId, presentityId)?.state ?? null;
    },

    async set(watcherId, presentityId, state) {
      const found = row(watcherId, presentityId);
      const at = tables.now();
      if (found) Object.assign(found, { state, updatedAt: at });
      else tables.subscriptions.push({ watcherId, presentityId, state, createdAt: at, updatedAt: at });
    },

    async transition(watcherId, presentityId, from, to) {
      const found = row(watcherId, presentityId);
      if (!found || !from.includes(found.state)) return false;
      Object.assign(found, { state: to, updatedAt: tables.now() });
      return true;
    },

    async statesFor(presentityId, watcherIds) {
      return new Map(
        tables.subscriptions
          .filter((candidate) => candidate.presentityId === presentityId && watcherIds.includes(candidate.watcherId))
          .map((candidate) => [candidate.watcherId, candidate.state]),
      );
    },

    async around(userIds) {
      const held = sortBy(
        tables.subscriptions.filter(
          (candidate) =>
            HELD_STATES.includes(candidate.state) && (userIds.includes(candidate.presentityId) || userIds.includes(candidate.watcherId)),
        ),
        (candidate) => candidate.createdAt,
      );
      return {
        watchers: held
          .filter((candidate) => userIds.includes(candidate.presentityId))
          .map((candidate) => ({
            presentityId: candidate.presentityId,
            watcherId: candidate.watcherId,
            state: candidate.state === "active" ? ("active" as const) : ("waiting" as const),
          })),
        contacts: held
          .filter((candidate) => userIds.includes(candidate.watcherId))
          .map((candidate) => ({
            ownerId: candidate.watcherId,
            contactId: candidate.presentityId,
            state: candidate.state === "active" ? ("active" as const) : ("pending" as const),
          })),
      };
    },

    async pendingFor(presentityId) {
      return sortBy(
        tables.subscriptions.filter((candidate) => candidate.presentityId === presentityId && candidate.state === "pending"),
        (candidate) => candidate.updatedAt,
      ).map(({ watcherId, updatedAt }) => ({ watcherId, updatedAt }));
    },
  };
}
