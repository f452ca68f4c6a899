// Loading presentities into the working set: a batch of ids costs a handful of queries
// (documents, buddy lists with groups, holders, rules, and in a cluster the open devices),
// whatever its size, and builds each entry as presence-state.ts keeps it. Also the policy and
// buddy list re-read when another change makes them stale.
import type { AccessRuleStore, StoredRule } from "@/lib/db/presence/access-rule-store";
import type { GroupStore } from "@/lib/db/presence/group-store";
import type { PresenceStore, StoredPresentity } from "@/lib/db/presence/presence-store";
import type { QuietHoursStore } from "@/lib/db/presence/quiet-hours-store";
import type { SubscriptionStore } from "@/lib/db/presence/subscription-store";
import type { QuietHours } from "@/lib/protocol/quiet-hours";
import type { PresenceCluster } from "./cluster";
import type { PresenceDocument } from "./document";
import type { PresentityEntry } from "./presence-state";
import { type Contact, Relations } from "./relations";
import { type AccessPolicy, type AccessRule, DEFAULT_RULES } from "./rules/evaluate-access";
import { isQuiet } from "./rules/quiet-hours";
import { WatcherViews } from "./watcher-views";

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
export function intern(id: string): string {
  const known = ids.get(id);
  if (known !== undefined) return known;
  ids.set(id, id);
  return id;
}

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

function toDocument(stored: StoredPresentity, quietHours: QuietHours | null, now: number): PresenceDocument {
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
    quietHours,
    quiet: isQuiet(quietHours, now),
  };
}

/** The policy of a presentity as stored: its own rules (none saved: none), or the defaults. */
function policyFrom(ownerId: string, invisible: boolean, storedRules: StoredRule[] | null): AccessPolicy {
  return { presentityId: ownerId, invisible, rules: storedRules ? compileRules(storedRules) : DEFAULT_RULES };
}

export function createEntryLoader(deps: {
  presence: Pick<PresenceStore, "load">;
  subscriptions: Pick<SubscriptionStore, "around">;
  groups: Pick<GroupStore, "groupsOf">;
  rules: Pick<AccessRuleStore, "load">;
  cluster: Pick<PresenceCluster, "devicesOf">;
  quietHours: Pick<QuietHoursStore, "load">;
  /** Loads the visibility rules of the watchers met (watcher-visibility.ts). */
  loadVisibility: (watcherIds: string[]) => Promise<void>;
  now: () => number;
}) {
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

  return {
    buddyListsOf,

    /** Entries for these accounts, as stored now; unknown ids are absent. */
    async load(ids: string[]): Promise<PresentityEntry[]> {
      const [stored, { lists: buddyLists, watchers }, rules, devices, quietHours] = await Promise.all([
        deps.presence.load(ids),
        buddyListsOf(ids),
        deps.rules.load(ids),
        deps.cluster.devicesOf(ids),
        deps.quietHours.load(ids),
      ]);
      const relations = new Map<string, Relations>();
      for (const id of ids) {
        const owned = new Relations();
        const contacts = buddyLists.get(id)?.contacts;
        if (contacts) owned.setContacts(contacts);
        relations.set(id, owned);
      }
      for (const { presentityId, watcherId, state } of watchers) relations.get(presentityId)?.setHolding(intern(watcherId), state);
      await deps.loadVisibility([...ids, ...watchers.map((row) => row.watcherId)]);

      return stored.map((record) => {
        const storedRules = rules.get(record.userId) ?? (record.customRules ? [] : null);
        const doc = toDocument(record, quietHours.get(record.userId) ?? null, deps.now());
        // In a cluster, devices open on other instances are part of the presentity too.
        doc.devices = devices?.get(record.userId) ?? [];
        return {
          doc,
          policy: policyFrom(record.userId, record.invisible, storedRules),
          storedRules,
          watcherRetentionDays: record.watcherRetentionDays,
          relations: relations.get(record.userId)!,
          groups: buddyLists.get(record.userId)?.groups ?? [],
          watchers: new WatcherViews(relations.get(record.userId)),
          lastUsed: deps.now(),
        };
      });
    },

    /** A presentity's rules, invisible mode and retention as stored now (changed on another instance). */
    async policyOf(ownerId: string) {
      const [stored, rules] = await Promise.all([deps.presence.load([ownerId]), deps.rules.load([ownerId])]);
      const storedRules = rules.get(ownerId) ?? (stored[0]?.customRules ? [] : null);
      return {
        storedRules,
        policy: policyFrom(ownerId, stored[0]?.invisible ?? false, storedRules),
        watcherRetentionDays: stored[0]?.watcherRetentionDays,
      };
    },
  };
}
