// What a buddy list shows for a presentity, derived from its tuples (pure).
import type { Availability, BasicStatus } from "@/lib/protocol/presence";
import type { DeviceTuple, PresenceDocument } from "../document";

/** Lower is better: "the best availability among open tuples". */
const RANK: Record<Availability, number> = { available: 0, away: 1, busy: 2 };

/** A device reports the person's availability, or `away` while idle — unless they chose busy. */
export function deviceAvailability(chosen: Availability, device: Pick<DeviceTuple, "idle">): Availability {
  return device.idle && chosen === "available" ? "away" : chosen;
}

/**
 * The availability the person's devices report: their own choice, except that quiet hours turn
 * `available` into `busy` (a chosen `away` or `busy` stays as chosen).
 */
export function shownAvailability(document: Pick<PresenceDocument, "availability" | "quiet">): Availability {
  return document.quiet && document.availability === "available" ? "busy" : document.availability;
}

export type Aggregate = { basic: BasicStatus; availability: Availability | null; lastSeenAt: number | null };

export function aggregate(document: Pick<PresenceDocument, "availability" | "quiet" | "devices" | "lastSeenAt">): Aggregate {
  if (document.devices.length === 0) return { basic: "closed", availability: null, lastSeenAt: document.lastSeenAt };
  let best: Availability = "busy";
  const chosen = shownAvailability(document);
  for (const device of document.devices) {
    const availability = deviceAvailability(chosen, device);
    if (RANK[availability] < RANK[best]) best = availability;
  }
  return { basic: "open", availability: best, lastSeenAt: null };
}
