// Status expiry: a status set with an expiry reverts to "available" with no note when it
// passes. Presentities in memory have a timer each; a periodic sweep of storage catches the
// rest (expiries beyond setTimeout's range, or of presentities no instance holds). Only the
// instance whose conditional update wins tells watchers, so they hear the reversal once.
import type { PresenceStore } from "@/lib/db/presence/presence-store";
import type { Logger } from "@/lib/log";
import { bump, nextVersion } from "../document";
import type { PresenceState, PresentityEntry } from "../presence-state";
import { MAX_TIMER_MS, STATUS_EXPIRY_SWEEP_MS } from "../timing";

export function createStatusExpiry(deps: {
  state: Pick<PresenceState, "peek">;
  store: Pick<PresenceStore, "clearExpiredStatus" | "expiringBefore">;
  logger: Pick<Logger, "error">;
  now: () => number;
  /** A document change made here (fan-out.ts). */
  changed: (entry: PresentityEntry) => void;
}) {
  const { state, store, logger, now } = deps;
  const timers = new Map<string, NodeJS.Timeout>();

  /** (Re)arms the presentity's timer for its current expiry, or disarms it when there is none. */
  function schedule(entry: PresentityEntry) {
    const userId = entry.doc.userId;
    clearTimeout(timers.get(userId));
    timers.delete(userId);
    const at = entry.doc.statusExpiresAt;
    if (at === null) return;
    const delay = Math.max(0, at - now());
    if (delay > MAX_TIMER_MS) return; // left to the periodic sweep
    const timer = setTimeout(() => void expire(userId), delay);
    timer.unref();
    timers.set(userId, timer);
  }

  async function expire(userId: string) {
    timers.delete(userId);
    try {
      const entry = state.peek(userId);
      // Timers count from the event loop's cached time, behind the wall clock by the work done
      // before they were set, so one can fire a few ms before the expiry by Date.now(); the
      // store's conditional update would then change nothing, and only the sweep (30 s) would.
      const due = entry?.doc.statusExpiresAt;
      if (entry && due !== undefined && due !== null && due > now()) return schedule(entry);
      const version = nextVersion(entry?.doc.version ?? 0, now());
      // Only the process whose conditional update wins notifies, so watchers hear it once.
      if (!(await store.clearExpiredStatus(userId, new Date(now()), version))) return;
      if (!entry) return;
      Object.assign(entry.doc, { availability: "available", note: null, statusExpiresAt: null, updatedAt: now() });
      bump(entry.doc, now());
      deps.changed(entry);
    } catch (error) {
      logger.error({ err: error, userId }, "status expiry failed");
    }
  }

  async function sweep() {
    try {
      for (const { userId } of await store.expiringBefore(new Date(now()))) await expire(userId);
    } catch (error) {
      logger.error({ err: error }, "status expiry sweep failed");
    }
  }

  const sweepTimer = setInterval(() => void sweep(), STATUS_EXPIRY_SWEEP_MS);
  sweepTimer.unref();

  return {
    schedule,
    sweep,

    /** Whether a timer waits on the presentity's status (its entry must stay in memory). */
    isArmed(userId: string): boolean {
      return timers.has(userId);
    },

    /** Stops the sweep and every timer (shutdown). */
    stop() {
      clearInterval(sweepTimer);
      timers.forEach(clearTimeout);
    },
  };
}
export type StatusExpiry = ReturnType<typeof createStatusExpiry>;
