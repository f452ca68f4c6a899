// The push store in memory: the same contract as the Prisma one, for unit tests of services.
import { DEFAULT_PUSH_PREFERENCES, MAX_PUSH_SUBSCRIPTIONS, type PushPreferences, type PushStore, type StoredPushSubscription } from "./push-store";

export function createMemoryPushStore(): PushStore {
  const byEndpoint = new Map<string, StoredPushSubscription>();
  const preferences = new Map<string, PushPreferences>();
  const ofUser = (userId: string) =>
    [...byEndpoint.values()]
      .filter((subscription) => subscription.userId === userId)
      .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.id.localeCompare(b.id));

  return {
    async save(subscription) {
      const earlier = byEndpoint.get(subscription.endpoint);
      const row: StoredPushSubscription = earlier
        ? { ...earlier, userId: subscription.userId, p256dh: subscription.p256dh, auth: subscription.auth, userAgent: subscription.userAgent }
        : { ...subscription, createdAt: subscription.createdAt ?? new Date() };
      byEndpoint.set(row.endpoint, row);
      const all = ofUser(row.userId);
      for (const old of all.slice(0, Math.max(0, all.length - MAX_PUSH_SUBSCRIPTIONS))) byEndpoint.delete(old.endpoint);
      return { ...row };
    },
    async list(userId) {
      return ofUser(userId).map((subscription) => ({ ...subscription }));
    },
    async remove(userId, id) {
      const found = ofUser(userId).find((subscription) => subscription.id === id);
      if (found) byEndpoint.delete(found.endpoint);
      return found !== undefined;
    },
    async removeEndpoint(endpoint) {
      byEndpoint.delete(endpoint);
    },
    async removeAll(userId) {
      for (const subscription of ofUser(userId)) byEndpoint.delete(subscription.endpoint);
      preferences.delete(userId);
    },
    async preferences(userId) {
      return { ...(preferences.get(userId) ?? DEFAULT_PUSH_PREFERENCES) };
    },
    async savePreferences(userId, next) {
      preferences.set(userId, { ...next });
      return { ...next };
    },
  };
}
