// The presence service's working set, in memory: each loaded presentity's document, its
// access policy (compiled rules, invisible mode), its contacts and groups, its active
// subscribers, and the decisions and views computed for them. Fan-out reads only this —
// never the database per watcher. Entries load on demand in batches and are dropped when
// nobody has used them for a while and no device is open.
import { type AccessRuleStore, EVERYONE, type StoredRule } from "@/lib/db/presence/access-rule-store";
import type { GroupStore } from "@/lib/db/presence/group-store";
import type { PresenceStore, StoredPresentity } from "@/lib/db/presence/presence-store";
import type { SubscriptionStore } from "@/lib/db/presence/subscription-store";
import type { PresenceCluster } from "./cluster";
import type { PresenceDocument } from "./document";
import { createMissingNames } from "./missing-names";
import { type AccessPolicy, type AccessRule, DEFAULT_RULES } from "./rules/evaluate-access";
import { WatcherViews } from "./watcher-views";

export type PresentityEntry = {
  doc: PresenceDocument;
  policy: AccessPolicy;
  /** The rules as stored (null while the defaults apply), for the privacy page. */
  storedRules: StoredRule[] | null;
  watcherRetentionDays: number;
  /** The presentity's own buddy list: contact id → its subscription and the groups it is in. */
  contacts: Map<string, Contact>;
  /** The presentity's contact groups, in order. */
  groups: { id: string; name: string; position: number }[];
  /** Accounts holding an active subscription to this presentity. */
  subscribers: Set<string>;
  /**
   * Accounts whose request to subscribe waits, or was denied (to them a denied request stays
   * pending): the presentity is in their buddy list, so what they see of it stays live too.
   */
  requesters: Set<string>;
  /** Accounts with a tab that follows this presentity without holding it (sockets each). */
  followers: Map<string, number>;
  /** Each watcher's cached decision and the view and version it was last given. */
  watchers: WatcherViews;
  lastUsed: number;
};

export type Contact = { state: "pending" | "active"; groupIds: readonly string[] };

/** A watcher's hold on a presentity: an active subscription, a request waiting (or denied), or none. */
export type Holding = "active" | "waiting" | null;

/** Most presentities one load reads (a query's list of ids stays well inside database limits). */
const MAX_LOAD_BATCH = 500;

/** Most contacts are in no group: they all share one of two objects. */
const NO_GROUPS: readonly string[] = Object.freeze([]);
const UNGROUPED: Record<Contact["state"], Contact> = {
  pending: Object.freeze({ state: "pending", groupIds: NO_GROUPS }),
  active: Object.freeze({ state: "active", groupIds: NO_GROUPS }),
};

/**
 * One string object per id. Every query returns fresh copies of the same ids; a presentity
 * with 50 contacts would otherwise hold each id once per map it appears in, per loaded entry.
 */
const ids = new Map<string, string>();
function intern(id: string): string {
  const known = ids.get(id);
  if (known !== undefined) return known;
  ids.set(id, id);
  return id;
}

/** A watcher's visibility rules: for everyone, and per presentity. */
export type WatcherVisibility = { all: "visible" | "hidden"; perPresentity: Map<string, "visible" | "hidden"> };
const VISIBLE: WatcherVisibility = { all: "visible", perPresentity: new Map() };

export function compileRules(stored: StoredRule[]): AccessRule[] {
  return stored.map((rule) => ({
    subject:
      rule.subjectType === "user"
        ? { type: "user", userId: rule.subjectId ?? "" }
        : rule.subjectType === "group"
          ? { type: "group", groupId: rule.subjectId ?? "" }
          : rule.subjectType === "token"
            ? { type: "token", tokenId: rule.subjectId }
            : { type: rule.subjectType },
    action: rule.action,
    hiddenTupleIds: rule.hiddenTupleIds,
    hideLastSeen: rule.hideLastSeen,
  }));
}

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
  groups: GroupStore;
  rules: AccessRuleStore;
  cluster: PresenceCluster;
  now: () => number;
}) {
  const entries = new Map<string, PresentityEntry>();
  const loading = new Map<string, Promise<void>>();
  const idsByUsername = new Map<string, string>();
  /** Missing names are answered from memory too: a database round trip would tell them apart. */
  const missingNames = createMissingNames({ now: deps.now });
  /** Visibility rules of every watcher we know of (subscribers of loaded entries, owners). */
  const visibility = new Map<string, WatcherVisibility>();

  async function loadVisibility(watcherIds: string[]) {
    const missing = watcherIds.filter((id) => !visibility.has(id));
    if (missing.length === 0) return;
    const rows = await deps.rules.loadVisibility(missing);
    for (const id of missing) visibility.set(id, VISIBLE);
    for (const row of rows) {
      let current = visibility.get(row.watcherId)!;
      if (current === VISIBLE) visibility.set(row.watcherId, (current = { all: "visible", perPresentity: new Map() }));
      if (row.presentityId === EVERYONE) current.all = row.visibility;
      else current.perPresentity.set(row.presentityId, row.visibility);
    }
  }

  /**
   * Contacts (with their groups) and groups of these owners, and their active watchers, from
   * two or three queries.
   */
  async function buddyListsOf(ownerIds: string[]) {
    const [{ contacts, watchers }, groups] = await Promise.all([
      deps.subscriptions.around(ownerIds),
      deps.groups.groupsOf(ownerIds),
    ]);
    const lists = new Map<string, { contacts: Map<string, Contact>; groups: PresentityEntry["groups"] }>();
    const listOf = (ownerId: string) => {
      let list = lists.get(ownerId);
      if (!list) lists.set(ownerId, (list = { contacts: new Map(), groups: [] }));
      return list;
    };
    const groupsOfContact = new Map<string, string[]>();
    for (const group of groups) {
      listOf(group.ownerId).groups.push({ id: group.id, name: group.name, position: group.position });
      for (const contactId of group.memberIds) {
        const key = `${group.ownerId}/${contactId}`;
        groupsOfContact.set(key, [...(groupsOfContact.get(key) ?? []), intern(group.id)]);
      }
    }
    for (const { ownerId, contactId, state } of contacts) {
      const groupIds = groupsOfContact.get(`${ownerId}/${contactId}`);
      listOf(ownerId).contacts.set(intern(contactId), groupIds ? { state, groupIds } : UNGROUPED[state]);
    }
    return { lists, watchers };
  }

  async function loadBatch(ids: string[]): Promise<void> {
    const [stored, { lists: buddyLists, watchers }, rules, devices] = await Promise.all([
      deps.presence.load(ids),
      buddyListsOf(ids),
      deps.rules.load(ids),
      deps.cluster.devicesOf(ids),
    ]);
    const subscribers = new Map<string, Set<string>>();
    const requesters = new Map<string, Set<string>>();
    for (const { presentityId, watcherId, state } of watchers) {
      const byState = state === "active" ? subscribers : requesters;
      const set = byState.get(presentityId) ?? new Set<string>();
      set.add(intern(watcherId));
      byState.set(presentityId, set);
    }
    await loadVisibility([...ids, ...watchers.map((row) => row.watcherId)]);

    for (const record of stored) {
      if (entries.has(record.userId)) continue; // loaded meanwhile by another batch
      const storedRules = rules.get(record.userId) ?? (record.customRules ? [] : null);
      const doc = toDocument(record);
      // In a cluster, devices open on other instances are part of the presentity too.
      doc.devices = devices?.get(record.userId) ?? [];
      entries.set(intern(record.userId), {
        doc,
        policy: {
          presentityId: record.userId,
          invisible: record.invisible,
          rules: storedRules ? compileRules(storedRules) : DEFAULT_RULES,
        },
        storedRules,
        watcherRetentionDays: record.watcherRetentionDays,
        contacts: buddyLists.get(record.userId)?.contacts ?? new Map(),
        groups: buddyLists.get(record.userId)?.groups ?? [],
        subscribers: subscribers.get(record.userId) ?? new Set(),
        requesters: requesters.get(record.userId) ?? new Set(),
        followers: new Map(),
        watchers: new WatcherViews(),
        lastUsed: deps.now(),
      });
      idsByUsername.set(record.username, record.userId);
    }
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

  return {
    /** Entries for these accounts, loading the missing ones in one batch; unknown ids are absent. */
    async getMany(ids: Iterable<string>): Promise<Map<string, PresentityEntry>> {
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
    },

    async get(id: string): Promise<PresentityEntry | null> {
      return (await this.getMany([id])).get(id) ?? null;
    },

    /** An entry only if it is already in memory. */
    peek(id: string): PresentityEntry | undefined {
      return entries.get(id);
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
    isHidden(watcherId: string, presentityId: string): boolean {
      const rules = visibility.get(watcherId) ?? VISIBLE;
      return (rules.perPresentity.get(presentityId) ?? rules.all) === "hidden";
    },
    /** Whether a watcher hides its watching from anyone (reciprocity: it then sees no names). */
    hidesFromAnyone(watcherId: string): boolean {
      const rules = visibility.get(watcherId) ?? VISIBLE;
      return rules.all === "hidden" || [...rules.perPresentity.values()].includes("hidden");
    },
    visibilityOf(watcherId: string): WatcherVisibility {
      return visibility.get(watcherId) ?? VISIBLE;
    },
    loadVisibility,
    /** Forgets a watcher's cached visibility, so the next use reloads it. */
    forgetVisibility(watcherId: string) {
      visibility.delete(watcherId);
    },

    /**
     * Keeps the fan-out index in step with a subscription: active, waiting (pending or denied:
     * the watcher cannot tell them apart), or none. Returns the entry if it is in memory.
     */
    setHolder(presentityId: string, watcherId: string, holding: Holding): PresentityEntry | undefined {
      const entry = entries.get(presentityId);
      if (!entry) return undefined; // loaded with the current holders when next needed
      const id = intern(watcherId);
      if (holding === "active") entry.subscribers.add(id);
      else entry.subscribers.delete(id);
      if (holding === "waiting") entry.requesters.add(id);
      else entry.requesters.delete(id);
      entry.watchers.clearDecision(id);
      return entry;
    },

    /** Re-reads a presentity's rules and invisible mode (changed on another instance). */
    async reloadPolicy(ownerId: string): Promise<void> {
      const entry = entries.get(ownerId);
      if (!entry) return;
      const [stored, rules] = await Promise.all([deps.presence.load([ownerId]), deps.rules.load([ownerId])]);
      const storedRules = rules.get(ownerId) ?? (stored[0]?.customRules ? [] : null);
      entry.storedRules = storedRules;
      entry.policy = {
        presentityId: ownerId,
        invisible: stored[0]?.invisible ?? false,
        rules: storedRules ? compileRules(storedRules) : DEFAULT_RULES,
      };
      entry.watcherRetentionDays = stored[0]?.watcherRetentionDays ?? entry.watcherRetentionDays;
      entry.watchers.clearDecisions();
    },

    /**
     * Re-reads a presentity's contacts and their groups (after it added or removed a contact or
     * changed its groups): rules about contacts and groups may now decide differently.
     */
    async reloadContacts(ownerId: string): Promise<PresentityEntry | undefined> {
      const entry = entries.get(ownerId);
      if (!entry) return undefined;
      const list = (await buddyListsOf([ownerId])).lists.get(ownerId);
      entry.contacts = list?.contacts ?? new Map();
      entry.groups = list?.groups ?? [];
      entry.watchers.clearDecisions();
      return entry;
    },

    /** Forgets a deleted account everywhere in memory. */
    forget(userId: string) {
      const entry = entries.get(userId);
      if (entry) idsByUsername.delete(entry.doc.username);
      entries.delete(userId);
      visibility.delete(userId);
      for (const other of entries.values()) {
        other.subscribers.delete(userId);
        other.requesters.delete(userId);
        other.followers.delete(userId);
        other.contacts.delete(userId);
        other.watchers.forget(userId);
      }
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
