// The presence service's working set, in memory: each loaded presentity's document, the
// versions of the views rendered from it, and the ids of its active subscribers. Fan-out
// reads only this — never the database per watcher. Entries load on demand in batches and
// are dropped when nobody has used them for a while and no device is open.
import type { PresenceStore, StoredPresentity } from "@/lib/db/presence-store";
import type { SubscriptionStore } from "@/lib/db/subscription-store";
import type { PresenceDocument } from "./document";
import { ViewVersions } from "./view-versions";

export type PresentityEntry = {
  doc: PresenceDocument;
  views: ViewVersions;
  /** Accounts holding an active subscription to this presentity. */
  subscribers: Set<string>;
  lastUsed: number;
};

function toDocument(stored: StoredPresentity): PresenceDocument {
  return {
    userId: stored.userId,
    username: stored.username,
    displayName: stored.displayName,
    version: stored.version,
    availability: stored.availability,
    note: stored.note,
    statusExpiresAt: stored.statusExpiresAt?.getTime() ?? null,
    userTuples: stored.userTuples,
    devices: [],
    lastSeenAt: stored.lastSeenAt?.getTime() ?? null,
    updatedAt: stored.updatedAt.getTime(),
  };
}

export function createPresenceState(deps: {
  presence: PresenceStore;
  subscriptions: SubscriptionStore;
  now: () => number;
  onLoad?: (entry: PresentityEntry) => void;
}) {
  const entries = new Map<string, PresentityEntry>();
  const loading = new Map<string, Promise<void>>();
  const idsByUsername = new Map<string, string>();

  async function loadBatch(ids: string[]): Promise<void> {
    const [stored, watchers] = await Promise.all([
      deps.presence.load(ids),
      deps.subscriptions.activeWatchers(ids),
    ]);
    const subscribers = new Map<string, Set<string>>();
    for (const { presentityId, watcherId } of watchers) {
      let set = subscribers.get(presentityId);
      if (!set) subscribers.set(presentityId, (set = new Set()));
      set.add(watcherId);
    }
    for (const record of stored) {
      if (entries.has(record.userId)) continue; // loaded meanwhile by another batch
      const entry: PresentityEntry = {
        doc: toDocument(record),
        views: new ViewVersions(),
        subscribers: subscribers.get(record.userId) ?? new Set(),
        lastUsed: deps.now(),
      };
      entries.set(record.userId, entry);
      idsByUsername.set(record.username, record.userId);
      deps.onLoad?.(entry);
    }
  }

  return {
    /** Entries for these accounts, loading the missing ones in one batch; unknown ids are absent. */
    async getMany(ids: Iterable<string>): Promise<Map<string, PresentityEntry>> {
      const wanted = [...new Set(ids)];
      const missing = wanted.filter((id) => !entries.has(id) && !loading.has(id));
      if (missing.length > 0) {
        const batch = loadBatch(missing).finally(() => missing.forEach((id) => loading.delete(id)));
        missing.forEach((id) => loading.set(id, batch));
      }
      await Promise.all(wanted.map((id) => loading.get(id)).filter(Boolean));
      const found = new Map<string, PresentityEntry>();
      const now = deps.now();
      for (const id of wanted) {
        const entry = entries.get(id);
        if (entry) {
          entry.lastUsed = now;
          found.set(id, entry);
        }
      }
      return found;
    },

    async get(id: string): Promise<PresentityEntry | null> {
      return (await this.getMany([id])).get(id) ?? null;
    },

    /** An entry only if it is already in memory. */
    peek(id: string): PresentityEntry | undefined {
      return entries.get(id);
    },

    /** The account id of a username, or null for an unknown name. */
    async idOf(username: string): Promise<string | null> {
      const cached = idsByUsername.get(username);
      if (cached) return cached;
      const id = await deps.presence.idOf(username);
      if (id) idsByUsername.set(username, id);
      return id;
    },

    /** Keeps the fan-out index in step with a subscription that became or stopped being active. */
    setSubscriber(presentityId: string, watcherId: string, active: boolean) {
      const entry = entries.get(presentityId);
      if (!entry) return; // loaded with the current subscribers when next needed
      if (active) entry.subscribers.add(watcherId);
      else entry.subscribers.delete(watcherId);
    },

    /** Drops entries unused since `before` whose presentity has no open device. */
    evictIdle(before: number, keep: (entry: PresentityEntry) => boolean): number {
      let evicted = 0;
      for (const [id, entry] of entries) {
        if (entry.lastUsed < before && entry.doc.devices.length === 0 && !keep(entry)) {
          entries.delete(id);
          idsByUsername.delete(entry.doc.username);
          evicted += 1;
        }
      }
      return evicted;
    },

    get size() {
      return entries.size;
    },
  };
}
export type PresenceState = ReturnType<typeof createPresenceState>;
