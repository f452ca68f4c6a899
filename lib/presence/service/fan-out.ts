// Fan-out: telling a presentity's audience of a change, each watcher the view it may see.
// Watchers whose view did not change hear nothing; watchers given the same content at the same
// version share one send. A burst of changes made here is coalesced, and every change made here
// also goes to the other instances of the service (which tell the watchers connected to them).
import type { PresenceCluster } from "../cluster";
import type { PresenceNotifier } from "../notifier";
import type { PresenceState, PresentityEntry } from "../presence-state";
import { PRESENCE_COALESCE_MS } from "../timing";
import { type Rendered, versioned } from "../watcher-views";
import type { Access } from "./access";
import { audience } from "./audience";

export function createFanOut(deps: {
  state: Pick<PresenceState, "peek">;
  access: Pick<Access, "resolve" | "trackHidden" | "flushOpened">;
  notifier: Pick<PresenceNotifier, "presenceChanged">;
  cluster: Pick<PresenceCluster, "broadcast">;
  now: () => number;
  /** Changes closer together than this go out as one (default PRESENCE_COALESCE_MS). */
  coalesceMs?: number;
  /** After every publish: frozen views may now hold a note that expires (hidden-expiry.ts). */
  published?: (entry: PresentityEntry) => void;
}) {
  const { state, access, notifier, cluster, now } = deps;
  const coalesceMs = deps.coalesceMs ?? PRESENCE_COALESCE_MS;

  /**
   * Tells every watcher whose view changed its new view, and nobody else. Watchers given the
   * same content at the same version share one send. After a change to what decides access,
   * `everyone` also brings the records of past fetchers up to date, so a view that turned
   * hidden froze at this moment for them too.
   */
  function publish(entry: PresentityEntry, everyone = false) {
    const sends = new Map<Rendered, Map<number, string[]>>();
    const told = new Set<string>();
    for (const watcherId of audience(entry)) {
      if (told.has(watcherId)) continue;
      told.add(watcherId);
      const { rendered, version, changed: moved } = access.resolve(entry, watcherId);
      if (!moved) continue;
      let byVersion = sends.get(rendered);
      if (!byVersion) sends.set(rendered, (byVersion = new Map()));
      const watcherIds = byVersion.get(version);
      if (watcherIds) watcherIds.push(watcherId);
      else byVersion.set(version, [watcherId]);
    }
    if (everyone) {
      // Past fetchers are given nothing now; only the moment their view turned hidden is kept.
      for (const watcherId of [...entry.watchers.watcherIds()]) {
        const [id, tokenId] = watcherId.split("#") as [string, string | undefined];
        if (!told.has(watcherId)) access.trackHidden(entry, id, tokenId ?? null);
      }
    }
    for (const [rendered, byVersion] of sends) {
      for (const [version, watcherIds] of byVersion) notifier.presenceChanged(watcherIds, versioned(rendered, version));
    }
    access.flushOpened(entry);
    deps.published?.(entry);
  }

  /** Presentities with a coalesced publish waiting, and when each last published. */
  const coalescing = new Map<string, NodeJS.Timeout>();
  const publishedAt = new Map<string, number>();

  /**
   * A document change made here: tell watchers, then the other instances (which tell theirs).
   * A burst is coalesced: the first change goes out at once, later ones within
   * the coalescing window of it go out together at the end of that window, so watchers get the
   * latest state rather than every step (a client flipping its status in a loop costs its
   * watchers one notification per window).
   */
  function changed(entry: PresentityEntry) {
    const userId = entry.doc.userId;
    if (coalescing.has(userId)) return; // the waiting publish carries this change too
    const wait = (publishedAt.get(userId) ?? -Infinity) + coalesceMs - now();
    if (wait <= 0) return flush(entry);
    const timer = setTimeout(() => {
      coalescing.delete(userId);
      const current = state.peek(userId);
      if (current) flush(current);
    }, wait);
    timer.unref();
    coalescing.set(userId, timer);
  }

  function flush(entry: PresentityEntry) {
    const userId = entry.doc.userId;
    publishedAt.set(userId, now());
    publish(entry);
    cluster.broadcast({ type: "doc", userId, doc: entry.doc });
  }

  return {
    publish,
    changed,

    /** Publishes every coalesced change now (shutdown). */
    flushCoalesced() {
      for (const [userId, timer] of coalescing) {
        clearTimeout(timer);
        const entry = state.peek(userId);
        if (entry) flush(entry);
      }
      coalescing.clear();
    },

    /** Forgets publish times too old to coalesce with (the eviction sweep keeps the map small). */
    forgetOldPublishes() {
      for (const [userId, at] of publishedAt) if (at < now() - coalesceMs) publishedAt.delete(userId);
    },
  };
}
export type FanOut = ReturnType<typeof createFanOut>;
