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
      // The name the web buddy list shows: the contact's presence view's (kept current by presence changes).
      const name = contact.presence.displayName;
      return [contact.username, { username: contact.username, name, subscription, ask: !watching, groups }];
    }),
  );
}

/** Fingerprints in use, each once (see rosterFingerprint), up to a bound. */
const fingerprints = new Map<string, string>();
const MAX_SHARED_FINGERPRINTS = 100_000;

/**
 * What a session remembers of an item it was sent: one short string per contact, not the
 * item, so a bound session does not hold its whole buddy list (sessions are many).
 */
export function rosterFingerprint(item: RosterItem): string {
  const fingerprint = JSON.stringify([item.name, item.subscription, item.ask, item.groups]);
  // One string for all the sessions that hold the same item: every watcher of a contact
  // remembers it, usually alike. Past the bound the table starts again (equal strings still
  // compare equal; only the sharing of new ones is lost until they are met again).
  const known = fingerprints.get(fingerprint);
  if (known !== undefined) return known;
  if (fingerprints.size >= MAX_SHARED_FINGERPRINTS) fingerprints.clear();
  fingerprints.set(fingerprint, fingerprint);
  return fingerprint;
}
/**
 * A contact's display name changed (its presence view says so): the item as a session was sent
 * it, with the new name, to push; null when the session has no such item or already that name.
 */
export function renamedItem(username: string, fingerprint: string | undefined, name: string): RosterItem | null {
  // Every presence change of every contact comes through here: the usual answer (same name) without parsing.
  if (fingerprint === undefined || fingerprint.startsWith(`[${JSON.stringify(name)},`)) return null;
  const [, subscription, ask, groups] = JSON.parse(fingerprint) as [string, RosterItem["subscription"], boolean, string[]];
  return { username, name, subscription, ask, groups };
}

/** The roster as a session remembers it (username → fingerprint). */
export const rosterFingerprints = (items: Map<string, RosterItem>): Map<string, string> =>
  new Map([...items].map(([username, item]) => [username, rosterFingerprint(item)]));

/** What changed since the roster a session was sent: items to push as they are now, and usernames removed. */
export function rosterChanges(before: Map<string, string>, after: Map<string, RosterItem>): { set: RosterItem[]; removed: string[] } {
  const set = [...after.values()].filter((item) => before.get(item.username) !== rosterFingerprint(item));
  const removed = [...before.keys()].filter((username) => !after.has(username));
  return { set, removed };
}

/** Requests to watch me that appeared since the ones a session was told of (each is asked once per stream). */
export function newRequests(before: readonly string[], after: BuddyListSnapshot): BuddyListSnapshot["incoming"] {
  const seen = new Set(before);
  return after.incoming.filter((request) => !seen.has(request.username));
}

