// Storage of Web Push subscriptions (one per device that asked for notifications) and of each
// account's choice of what notifications show. Two implementations: Prisma
// (prisma-push-store.ts) and in memory (memory-push-store.ts, for services under unit test).

export type StoredPushSubscription = {
  id: string;
  userId: string;
  endpoint: string;
  p256dh: string;
  auth: string;
  userAgent: string | null;
  createdAt: Date;
};

export type PushPreferences = { showText: boolean };

export const DEFAULT_PUSH_PREFERENCES: PushPreferences = { showText: true };

/** How many devices one account may subscribe; the oldest gives way to a new one. */
export const MAX_PUSH_SUBSCRIPTIONS = 20;

export interface PushStore {
  /**
   * Stores a device's subscription. An endpoint is one device: subscribing it again (even from
   * another account, after a sign-out and in) replaces the row and keeps its id.
   */
  save(subscription: Omit<StoredPushSubscription, "createdAt"> & { createdAt?: Date }): Promise<StoredPushSubscription>;
  /** The account's subscriptions, oldest first. */
  list(userId: string): Promise<StoredPushSubscription[]>;
  /** Removes one of the account's subscriptions; false if it has none with this id. */
  remove(userId: string, id: string): Promise<boolean>;
  /** Removes a subscription the push service no longer knows (404/410), whoever's it is. */
  removeEndpoint(endpoint: string): Promise<void>;
  /** Everything of an account (its deletion). */
  removeAll(userId: string): Promise<void>;
  preferences(userId: string): Promise<PushPreferences>;
  savePreferences(userId: string, preferences: PushPreferences): Promise<PushPreferences>;
}
