// A presentity entry for the service parts' unit tests: a document and empty indexes.
import type { PresenceDocument } from "../document";
import type { PresentityEntry } from "../presence-state";
import { DEFAULT_RULES } from "../rules/evaluate-access";
import { Relations } from "../relations";
import { WatcherViews } from "../watcher-views";

export function testEntry(userId: string, over: Partial<PresenceDocument> = {}): PresentityEntry {
  const relations = new Relations();
  return {
    doc: {
      userId,
      username: userId,
      displayName: userId,
      version: 1,
      availability: "available",
      note: null,
      statusExpiresAt: null,
      userTuples: [],
      devices: [],
      lastSeenAt: null,
      updatedAt: 0,
      ...over,
    },
    policy: { presentityId: userId, invisible: false, rules: DEFAULT_RULES },
    storedRules: null,
    watcherRetentionDays: 30,
    relations,
    groups: [],
    watchers: new WatcherViews(relations),
    lastUsed: 0,
  };
}

/** Relations holding only these contacts (in no group, not holding the presentity). */
export function contactsOnly(ids: Iterable<string>): Relations {
  const relations = new Relations();
  relations.setContacts(new Map([...ids].map((id) => [id, { state: "active", groupIds: [] }])));
  return relations;
}

/** These accounts become the entry's contacts (in no group), each holding it with an active subscription. */
export function addMutualContacts(entry: PresentityEntry, ...ids: string[]) {
  const contacts = new Map(entry.relations.contacts());
  for (const id of ids) {
    contacts.set(id, { state: "active", groupIds: [] });
    entry.relations.setHolding(id, "active");
  }
  entry.relations.setContacts(contacts);
}

/** The slice of the working set the parts read, over fixed entries. */
export function testState(...entries: PresentityEntry[]) {
  const byId = new Map(entries.map((entry) => [entry.doc.userId, entry]));
  return {
    peek: (id: string) => byId.get(id),
    get: async (id: string) => byId.get(id) ?? null,
    requireEntry: async (id: string) => {
      const entry = byId.get(id);
      if (!entry) throw new Error("no such account");
      return entry;
    },
    all: () => byId.values(),
  };
}
