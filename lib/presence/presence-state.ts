// The presence service's working set, in memory: each loaded presentity's document, its
// access policy (compiled rules, invisible mode), its contacts and groups, its active
// subscribers, and the decisions and views computed for them. Fan-out reads only this —
// never the database per watcher. Entries load on demand in batches and are dropped when
// nobody has used them for a while and no device is open.
import type { AccessRuleStore, StoredRule } from "@/lib/db/presence/access-rule-store";
import type { GroupStore } from "@/lib/db/presence/group-store";
import type { PresenceStore } from "@/lib/db/presence/presence-store";
import type { QuietHoursStore } from "@/lib/db/presence/quiet-hours-store";
import type { SubscriptionStore } from "@/lib/db/presence/subscription-store";
import { ErrorCode, ServiceError } from "@/lib/protocol/errors";
import type { PresenceCluster } from "./cluster";
import type { PresenceDocument } from "./document";
import { createEntryLoader, intern } from "./entry-loader";
import { createMissingNames } from "./missing-names";
import type { Holding, Relations } from "./relations";
import type { AccessPolicy } from "./rules/evaluate-access";
import type { WatcherViews } from "./watcher-views";
import { createVisibilityCache } from "./watcher-visibility";

export type PresentityEntry = {
  doc: PresenceDocument;
  policy: AccessPolicy;
  /** The rules as stored (null while the defaults apply), for the privacy page. */
  storedRules: StoredRule[] | null;
  watcherRetentionDays: number;
  /**
   * Every other account the presentity relates to: its contacts (with their subscription and
   * groups), the accounts holding it (an active subscription, or a request waiting or denied:
   * the presentity is in their buddy list, so what they see of it stays live too), how many
   * tabs follow it without holding it, and each watcher's record.
   */
  relations: Relations;
  /** The presentity's contact groups, in order. */
  groups: { id: string; name: string; position: number }[];
  /** Each watcher's cached decision and the view and version it was last given. */
  watchers: WatcherViews;
  lastUsed: number;
};

/** Most presentities one load reads (a query's list of ids stays well inside database limits). */
const MAX_LOAD_BATCH = 500;

export function createPresenceState(deps: {
  presence: PresenceStore;
  subscriptions: SubscriptionStore;
  groups: GroupStore;
  rules: AccessRuleStore;
  quietHours: Pick<QuietHoursStore, "load">;
  cluster: PresenceCluster;
  now: () => number;
}) {
  const entries = new Map<string, PresentityEntry>();
  const loading = new Map<string, Promise<void>>();
  const idsByUsername = new Map<string, string>();
  /** Missing names are answered from memory too: a database round trip would tell them apart. */
  const missingNames = createMissingNames({ now: deps.now });
  /** Visibility rules of every watcher we know of (subscribers of loaded entries, owners). */
  const visibility = createVisibilityCache({ rules: deps.rules });
  const loader = createEntryLoader({ ...deps, loadVisibility: visibility.load });

  /** Told of each entry as it enters memory (quiet hours arm their timer). */
  const loadedListeners: ((entry: PresentityEntry) => void)[] = [];

  async function loadBatch(ids: string[]): Promise<void> {
    // What other instances change from now on reaches this one before anything is read, so no
    // change falls between the read and the subscription (cluster-sync.ts waits for the load).
    await deps.cluster.follow(ids);
    for (const entry of await loader.load(ids)) {
      if (entries.has(entry.doc.userId)) continue; // loaded meanwhile by another batch
      entries.set(intern(entry.doc.userId), entry);
      idsByUsername.set(entry.doc.username, entry.doc.userId);
      for (const listener of loadedListeners) listener(entry);
    }
    deps.cluster.unfollow(ids.filter((id) => !entries.has(id))); // no such account
  }

  /**
   * Loads wanted in one turn of the event loop go together: after a restart every client
   * reconnects at once, and each connection needs its own entry and its contacts'. One batch
   * costs a handful of queries however many presentities it loads.
   */
  let queued: string[] = [];
  let queuedBatch: Promise<void> | null = null;
  function enqueue(ids: string[]): Promise<void> {
    queued.push(...ids);
    queuedBatch ??= new Promise<void>((resolve) => setImmediate(resolve)).then(async () => {
      const all = queued;
      queued = [];
      queuedBatch = null;
      try {
        for (let start = 0; start < all.length; start += MAX_LOAD_BATCH) await loadBatch(all.slice(start, start + MAX_LOAD_BATCH));
      } finally {
        all.forEach((id) => loading.delete(id));
      }
    });
    return queuedBatch;
  }

  /** Entries for these accounts, loading the missing ones in one batch; unknown ids are absent. */
  async function getMany(ids: Iterable<string>): Promise<Map<string, PresentityEntry>> {
    const wanted = [...new Set(ids)];
    const missing = wanted.filter((id) => !entries.has(id) && !loading.has(id));
    if (missing.length > 0) {
      const batch = enqueue(missing);
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
  }

  async function get(id: string): Promise<PresentityEntry | null> {
    return (await getMany([id])).get(id) ?? null;
  }

  return {
    getMany,
    get,

    /** Called with each entry loaded into memory from now on. */
    onLoaded(listener: (entry: PresentityEntry) => void) {
      loadedListeners.push(listener);
    },

    /** The entry of a signed-in account: none means the account was deleted under its session. */
    async requireEntry(userId: string): Promise<PresentityEntry> {
      const entry = await get(userId);
      if (!entry) throw new ServiceError(ErrorCode.unauthorized, "Your account no longer exists.");
      return entry;
    },

    /** An entry only if it is already in memory. */
    peek(id: string): PresentityEntry | undefined {
      return entries.get(id);
    },

    /** Waits for the entry's load, if one is under way (a failed load is its caller's to report). */
    async loaded(id: string): Promise<void> {
      await loading.get(id)?.catch(() => {});
    },

    /** Every entry in memory. */
    all(): IterableIterator<PresentityEntry> {
      return entries.values();
    },

    /** The account id of a username, or null for an unknown name. */
    async idOf(username: string): Promise<string | null> {
      const cached = idsByUsername.get(username);
      if (cached) return cached;
      if (missingNames.has(username)) return null;
      const id = await deps.presence.idOf(username);
      if (id) idsByUsername.set(username, id);
      else missingNames.add(username);
      return id;
    },

    /** An account with this name was just created here: the name is no longer missing. */
    nameTaken(username: string) {
      missingNames.delete(username);
    },

    /** Whether a watcher hides its watching from a presentity (its visibility must be loaded). */
    isHidden: visibility.isHidden,
    /** Whether a watcher hides its watching from anyone (reciprocity: it then sees no names). */
    hidesFromAnyone: visibility.hidesFromAnyone,
    visibilityOf: visibility.of,
    loadVisibility: visibility.load,
    /** Forgets a watcher's cached visibility, so the next use reloads it. */
    forgetVisibility: visibility.forget,

    /**
     * Keeps the fan-out index in step with a subscription: active, waiting (pending or denied:
     * the watcher cannot tell them apart), or none. Returns the entry if it is in memory.
     */
    setHolder(presentityId: string, watcherId: string, holding: Holding): PresentityEntry | undefined {
      const entry = entries.get(presentityId);
      if (!entry) return undefined; // loaded with the current holders when next needed
      entry.relations.setHolding(intern(watcherId), holding);
      entry.watchers.clearDecision(watcherId);
      return entry;
    },

    /** Re-reads a presentity's rules and invisible mode (changed on another instance). */
    async reloadPolicy(ownerId: string): Promise<void> {
      const entry = entries.get(ownerId);
      if (!entry) return;
      const { storedRules, policy, watcherRetentionDays } = await loader.policyOf(ownerId);
      entry.storedRules = storedRules;
      entry.policy = policy;
      entry.watcherRetentionDays = watcherRetentionDays ?? entry.watcherRetentionDays;
      entry.watchers.clearDecisions();
    },

    /**
     * Re-reads a presentity's contacts and their groups (after it added or removed a contact or
     * changed its groups): rules about contacts and groups may now decide differently.
     */
    async reloadContacts(ownerId: string): Promise<PresentityEntry | undefined> {
      const entry = entries.get(ownerId);
      if (!entry) return undefined;
      const list = (await loader.buddyListsOf([ownerId])).lists.get(ownerId);
      entry.relations.setContacts(list?.contacts ?? new Map());
      entry.groups = list?.groups ?? [];
      entry.watchers.clearDecisions();
      return entry;
    },

    /** Forgets a deleted account everywhere in memory. */
    forget(userId: string) {
      const entry = entries.get(userId);
      if (entry) idsByUsername.delete(entry.doc.username);
      if (entries.delete(userId)) deps.cluster.unfollow([userId]);
      visibility.forget(userId);
      for (const other of entries.values()) {
        other.relations.forget(userId);
      }
    },

    /** Drops entries unused since `before` whose presentity has no open device. */
    evictIdle(before: number, keep: (entry: PresentityEntry) => boolean): number {
      const evicted: string[] = [];
      for (const [id, entry] of entries) {
        if (entry.lastUsed < before && entry.doc.devices.length === 0 && !keep(entry)) {
          entries.delete(id);
          idsByUsername.delete(entry.doc.username);
          evicted.push(id);
        }
      }
      deps.cluster.unfollow(evicted);
      return evicted.length;
    },

    get size() {
      return entries.size;
    },
  };
}
export type PresenceState = ReturnType<typeof createPresenceState>;
