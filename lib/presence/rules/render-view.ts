// Renders a presentity's document as one watcher may see it, following an access decision
// (pure). The version is added by the caller: it changes only when what this watcher can
// see changes, so a version never tells a watcher more than the view does.
import type { PresenceView, TupleView } from "@/lib/protocol/presence";
import type { PresenceDocument, UserTuple } from "../document";
import { aggregate, deviceAvailability, shownAvailability } from "./aggregate";
import type { AccessDecision } from "./evaluate-access";

export type UnversionedView = Omit<PresenceView, "version">;

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** The tuple's communication address as a URI (free text stays as written). */
export function contactUri(tuple: Pick<UserTuple, "means" | "address">): string {
  switch (tuple.means) {
    case "tel":
      return `tel:${tuple.address.replace(/[ ()./-]/g, "")}`;
    case "mailto":
      return `mailto:${tuple.address}`;
    case "xmpp":
      return `xmpp:${tuple.address}`;
    case "https":
    case "text":
      return tuple.address;
  }
}

const EMPTY_STATUS = { basic: null, availability: null, note: null, expiresAt: null, lastSeenAt: null } as const;

export function renderView(document: PresenceDocument, decision: AccessDecision): UnversionedView {
  const identity = { username: document.username, displayName: document.displayName };
  switch (decision.action) {
    case "block":
      throw new Error("a blocked watcher gets no view; treat the presentity as unknown");
    case "polite-block":
      // A first look while hidden: an offline contact who shows nothing (see hiddenView).
      return hiddenView(null, true, document, 0);
    case "limited":
      return { ...identity, access: "limited", status: { ...EMPTY_STATUS, basic: aggregate(document).basic }, tuples: [] };
    case "allow":
      return renderFull(document, decision);
  }
}

function renderFull(document: PresenceDocument, decision: AccessDecision): UnversionedView {
  const summary = aggregate(document);
  const hidden = new Set(decision.hiddenTupleIds);
  const devices: TupleView[] = document.devices.map((device) => ({
    id: device.id,
    kind: "device",
    status: "open",
    contact: `im:${document.username}`,
    means: "im",
    label: device.label,
    availability: deviceAvailability(shownAvailability(document), device),
    idle: device.idle,
    since: new Date(device.since).toISOString(),
  }));
  const userTuples: TupleView[] = document.userTuples
    .filter((tuple) => !hidden.has(tuple.id))
    .map((tuple) => ({
      id: tuple.id,
      kind: "user",
      status: tuple.status,
      contact: contactUri(tuple),
      means: tuple.means,
      address: tuple.address,
      label: tuple.label,
      since: new Date(document.updatedAt).toISOString(),
    }));
  return {
    username: document.username,
    displayName: document.displayName,
    access: "full",
    status: {
      basic: summary.basic,
      availability: summary.availability,
      note: document.note,
      expiresAt: iso(document.statusExpiresAt),
      lastSeenAt: decision.hideLastSeen ? null : iso(summary.lastSeenAt),
    },
    tuples: [...devices, ...userTuples],
  };
}

/**
 * What a watcher sees while hidden from (polite-block, invisible, a blocked holder): exactly a
 * contact who went offline at `now` — its last view with the devices gone and the status
 * closed, note and user tuples as they were, last seen `now` (if it was online and last seen
 * was not hidden from this watcher) or as it was. Without a last view: offline, showing nothing.
 */
export function hiddenView(
  previous: UnversionedView | null,
  lastSeenHidden: boolean,
  identity: Pick<PresenceDocument, "username" | "displayName">,
  now: number,
): UnversionedView {
  const { username, displayName } = identity;
  if (!previous) return { username, displayName, access: "full", status: { ...EMPTY_STATUS, basic: "closed" }, tuples: [] };
  const wasOpen = previous.status.basic === "open";
  return {
    username,
    displayName,
    access: previous.access,
    status: {
      ...previous.status,
      basic: "closed",
      availability: null,
      lastSeenAt: wasOpen ? (lastSeenHidden ? null : iso(now)) : previous.status.lastSeenAt,
    },
    tuples: previous.tuples.filter((tuple) => tuple.kind === "user"),
  };
}

/**
 * A hidden view whose note has expired, as a real offline contact's does (status-expiry.ts):
 * note and expiry gone, user tuples changed at that moment. The same view before its expiry.
 */
export function expireHiddenNote(view: UnversionedView, now: number): UnversionedView {
  const { expiresAt } = view.status;
  if (expiresAt === null || Date.parse(expiresAt) > now) return view;
  const since = iso(now)!;
  return {
    ...view,
    status: { ...view.status, note: null, expiresAt: null },
    tuples: view.tuples.map((tuple) => (tuple.kind === "user" ? { ...tuple, since } : tuple)),
  };
}
