// Expiry under hidden views: a watcher hidden from (polite-block, invisible) holds a frozen
// view, and its note must expire when a real offline contact's would — with the watcher told
// then, as status-expiry.ts tells watchers of a real expiry. The presentity's own status may
// have changed since the view froze, so the frozen expiries get timers of their own: one per
// presentity, for the earliest. Local to this instance, as the records are.
import type { PresenceState, PresentityEntry } from "../presence-state";
import { MAX_TIMER_MS } from "../timing";

export function createHiddenExpiry(deps: {
  state: Pick<PresenceState, "peek">;
  now: () => number;
  /** Tells the audience what changed for it (fan-out.ts); the resolve expires frozen notes. */
  publish: (entry: PresentityEntry) => void;
}) {
  const { state, now } = deps;
  const timers = new Map<string, { at: number; timer: NodeJS.Timeout }>();

  /** (Re)arms the presentity's timer for the next frozen note to expire (after a publish). */
  function watch(entry: PresentityEntry) {
    const userId = entry.doc.userId;
    const at = entry.watchers.nextHiddenExpiry(now());
    const armed = timers.get(userId);
    if (armed && armed.at === at) return;
    clearTimeout(armed?.timer);
    timers.delete(userId);
    if (at === null) return;
    // Past setTimeout's range it wakes early and arms again.
    const timer = setTimeout(() => {
      timers.delete(userId);
      const current = state.peek(userId);
      if (current) deps.publish(current); // which arms the next (see fan-out's `published`)
    }, Math.min(MAX_TIMER_MS, at - now()));
    timer.unref();
    timers.set(userId, { at, timer });
  }

  return {
    watch,

    /** Stops every timer (shutdown). */
    stop() {
      for (const { timer } of timers.values()) clearTimeout(timer);
      timers.clear();
    },
  };
}
export type HiddenExpiry = ReturnType<typeof createHiddenExpiry>;
