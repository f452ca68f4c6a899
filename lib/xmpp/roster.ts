// The roster (RFC 6121 §2) is the buddy list as XMPP names it. Pure: a snapshot becomes roster
// items, and two snapshots become the pushes that take a client from one to the other.
import type { BuddyListSnapshot } from "@/lib/protocol/buddy-list";

export type RosterItem = {
  username: string;
  name: string;
  /** `to`: I watch them; `from`: they watch me; `both`; `none`. */
  subscription: "none" | "to" | "from" | "both";
  /** My request to watch them waits for their answer. */
  ask: boolean;
  groups: string[];
};

/** The buddy list's contacts as roster items, by username. */
export function rosterItems(snapshot: BuddyListSnapshot): Map<string, RosterItem> {
  const groupNames = new Map(snapshot.groups.map((group) => [group.id, group.name]));
  return new Map(
    snapshot.contacts.map((contact) => {
      const watching = contact.subscription === "active";
      const subscription = watching ? (contact.watchesMe ? "both" : "to") : contact.watchesMe ? "from" : "none";
      const groups = contact.groupIds.flatMap((id) => (groupNames.has(id) ? [groupNames.get(id)!] : [])).sort();
      return [contact.username, { username: contact.username, name: contact.displayName, subscription, ask: !watching, groups }];
    }),
  );
}

const sameItem = (a: RosterItem, b: RosterItem) =>
  a.name === b.name && a.subscription === b.subscription && a.ask === b.ask && a.groups.join("\n") === b.groups.join("\n");

/** What changed between two rosters: items to push as they are now, and usernames removed. */
export function rosterChanges(before: Map<string, RosterItem>, after: Map<string, RosterItem>): { set: RosterItem[]; removed: string[] } {
  const set = [...after.values()].filter((item) => {
    const previous = before.get(item.username);
    return !previous || !sameItem(previous, item);
  });
  const removed = [...before.keys()].filter((username) => !after.has(username));
  return { set, removed };
}

/** Requests to watch me that appeared since the last snapshot (each is asked once per stream). */
export function newRequests(before: BuddyListSnapshot | null, after: BuddyListSnapshot): string[] {
  const seen = new Set(before?.incoming.map((request) => request.username) ?? []);
  return after.incoming.map((request) => request.username).filter((username) => !seen.has(username));
}

/**
 * Contacts I started watching since the last snapshot (my subscription to them became active).
 * Their presence goes out with the approval (RFC 6121 §3.1.5): the presence fan-out tells only
 * watchers whose view changed, and a view already rendered for my buddy list has not.
 */
export function newlyWatched(before: BuddyListSnapshot, after: BuddyListSnapshot): BuddyListSnapshot["contacts"] {
  const watched = new Set(before.contacts.filter((contact) => contact.subscription === "active").map((contact) => contact.username));
  return after.contacts.filter((contact) => contact.subscription === "active" && !watched.has(contact.username));
}
