// A presentity entry for the service parts' unit tests: a document and empty indexes.
import type { PresenceDocument } from "../document";
import type { PresentityEntry } from "../presence-state";
import { DEFAULT_RULES } from "../rules/evaluate-access";
import { WatcherViews } from "../watcher-views";

export function testEntry(userId: string, over: Partial<PresenceDocument> = {}): PresentityEntry {
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
    contacts: new Map(),
    groups: [],
    subscribers: new Set(),
    requesters: new Set(),
    followers: new Map(),
    watchers: new WatcherViews(),
    lastUsed: 0,
  };
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
