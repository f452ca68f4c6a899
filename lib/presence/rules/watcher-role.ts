// How a watcher appears in watcher information (pure): a subscriber, a poller, or a fetcher,
// and whether it is named.
// RFC 2778 calls a fetcher that fetches again and again a poller, so repeated lookups close
// together are shown as polling.

export type KindSummary = { count: number; firstAt: Date; lastAt: Date };

/** At least this many fetches, on average at most this far apart, make a poller. */
export const POLLER_MIN_FETCHES = 3;
export const POLLER_MAX_AVERAGE_GAP_MS = 15 * 60 * 1000;

export function watcherRole(kinds: {
  subscribe?: KindSummary;
  poll?: KindSummary;
  fetch?: KindSummary;
}): "subscriber" | "poller" | "fetcher" {
  if (kinds.subscribe) return "subscriber";
  if (kinds.poll) return "poller";
  const fetch = kinds.fetch;
  if (fetch && fetch.count >= POLLER_MIN_FETCHES) {
    const averageGap = (fetch.lastAt.getTime() - fetch.firstAt.getTime()) / (fetch.count - 1);
    if (averageGap <= POLLER_MAX_AVERAGE_GAP_MS) return "poller";
  }
  return "fetcher";
}

/**
 * How a watcher shows to the presentity it watches, wherever the presentity is told (watcher
 * information, live watch notices, the data export): a watcher that hides its watching from
 * it is only counted; to a presentity that hides its own watching from anyone (reciprocity),
 * every watcher is anonymous; anyone else is named.
 */
export function watcherShown(facts: { hidesFromPresentity: boolean; presentityHidesFromAnyone: boolean }): "counted" | "anonymous" | "named" {
  if (facts.hidesFromPresentity) return "counted";
  return facts.presentityHidesFromAnyone ? "anonymous" : "named";
}

/** The UTC days of a window ending today, oldest first, as YYYY-MM-DD. */
export function windowDays(now: Date, days: number): string[] {
  const result: string[] = [];
  for (let back = days - 1; back >= 0; back -= 1) {
    result.push(new Date(now.getTime() - back * 86_400_000).toISOString().slice(0, 10));
  }
  return result;
}
