// Storage of the presence that outlives a connection: status, note, expiry, user tuples, last
// seen, and the version they were written at. Implementations: prisma-presence-store.ts,
// memory-presence-store.ts.
import type { Availability, BasicStatus, TupleMeans } from "@/lib/protocol/presence";

export type StoredTuple = { id: string; means: TupleMeans; address: string; label: string | null; status: BasicStatus };

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
  /** The person saved rules of their own, possibly none (then no defaults apply). */
  customRules: boolean;
  watcherRetentionDays: number;
  updatedAt: Date;
  userTuples: StoredTuple[];
};

export type StatusWrite = {
  version: number;
  availability: Availability;
  note: string | null;
  statusExpiresAt: Date | null;
};

/** How long watcher information is kept without a setting of the presentity's own. */
export const DEFAULT_WATCHER_RETENTION_DAYS = 30;

export interface PresenceStore {
  /**
   * The stored presence of these accounts (missing and deleted ids are unknown accounts); an
   * account that never wrote presence reads as available, version 0, tuples in order.
   */
  load(userIds: string[]): Promise<StoredPresentity[]>;
  /** The id of a usable account by name, null for unknown and deleted ones. */
  idOf(username: string): Promise<string | null>;
  saveStatus(userId: string, status: StatusWrite): Promise<void>;
  /**
   * Clears a status whose expiry has passed. Conditional, so when several processes race to
   * expire the same status exactly one of them gets `true` and notifies watchers.
   */
  clearExpiredStatus(userId: string, now: Date, version: number): Promise<boolean>;
  /** Accounts whose status expires before `until`. */
  expiringBefore(until: Date): Promise<{ userId: string; statusExpiresAt: Date }[]>;
  saveSettings(userId: string, settings: { invisible?: boolean; watcherRetentionDays?: number }): Promise<void>;
  /** Presentities whose watcher information is kept for a non-default number of days. */
  customRetention(defaultDays: number): Promise<{ presentityId: string; days: number }[]>;
  /** Usable accounts whose username starts with a prefix (taken literally), alphabetically. */
  search(prefix: string, limit: number): Promise<{ id: string; username: string; displayName: string }[]>;
  saveLastSeen(userId: string, lastSeenAt: Date, version: number): Promise<void>;
  /** Replaces the ordered list of user tuples; returns their ids (new ones are assigned). */
  saveUserTuples(userId: string, version: number, tuples: (Omit<StoredTuple, "id"> & { id?: string })[]): Promise<string[]>;
}
