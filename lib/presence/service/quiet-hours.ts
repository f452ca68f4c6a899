// Quiet hours: while a person's schedule is in force, what their devices report is `busy`
// (rules/aggregate.ts), so watchers allowed availability see busy begin and end live. Every
// instance holding the presentity in memory arms a timer to its next transition and, when it
// fires, tells the watchers connected to it — the transition follows from the stored schedule
// and the clock alone, so no instance needs another's word and nothing is written. A change of
// the schedule itself is stored and goes to the other instances with the document.
import type { QuietHoursStore } from "@/lib/db/presence/quiet-hours-store";
import type { Logger } from "@/lib/log";
import type { SessionUser } from "@/lib/accounts/account-service";
import type { QuietHours, QuietHoursSettings } from "@/lib/protocol/quiet-hours";
import { bump } from "../document";
import type { PresenceState, PresentityEntry } from "../presence-state";
import { isQuiet, nextTransition } from "../rules/quiet-hours";
import { MAX_TIMER_MS } from "../timing";

export function createQuietHours(deps: {
  state: Pick<PresenceState, "peek" | "requireEntry">;
  store: Pick<QuietHoursStore, "save">;
  logger: Pick<Logger, "error">;
  now: () => number;
  /** Tells the watchers connected to this instance (fan-out.ts `publish`). */
  publish: (entry: PresentityEntry) => void;
  /** A document change made here, for every instance (fan-out.ts `changed`). */
  changed: (entry: PresentityEntry) => void;
}) {
  const { state, logger, now } = deps;
  const timers = new Map<string, NodeJS.Timeout>();

  /** Brings `quiet` in step with the clock; true if it changed (the document version moved on). */
  function refresh(entry: PresentityEntry): boolean {
    const quiet = isQuiet(entry.doc.quietHours ?? null, now());
    if (quiet === (entry.doc.quiet ?? false)) return false;
    entry.doc.quiet = quiet;
    bump(entry.doc, now());
    return true;
  }

  /** (Re)arms the presentity's timer for its next transition, or disarms it when there is none. */
  function schedule(entry: PresentityEntry) {
    const userId = entry.doc.userId;
    clearTimeout(timers.get(userId));
    timers.delete(userId);
    const next = nextTransition(entry.doc.quietHours ?? null, now());
    if (next === null) return;
    // A transition beyond setTimeout's range re-arms from where the timer ends.
    const timer = setTimeout(() => transition(userId), Math.min(MAX_TIMER_MS, Math.max(0, next - now())));
    timer.unref();
    timers.set(userId, timer);
  }

  function transition(userId: string) {
    timers.delete(userId);
    // An entry evicted meanwhile is loaded with the state of its moment when next needed.
    const entry = state.peek(userId);
    if (!entry) return;
    try {
      if (refresh(entry)) deps.publish(entry);
    } catch (error) {
      logger.error({ err: error, userId }, "quiet hours transition failed");
    }
    schedule(entry);
  }

  function settings(entry: PresentityEntry): QuietHoursSettings {
    const quietHours = entry.doc.quietHours ?? null;
    const next = nextTransition(quietHours, now());
    return { quietHours, quiet: entry.doc.quiet ?? false, nextChangeAt: next === null ? null : new Date(next).toISOString() };
  }

  return {
    /** An entry entered memory, or its document came from another instance: in step, and armed. */
    adopt(entry: PresentityEntry) {
      refresh(entry);
      schedule(entry);
    },

    async get(user: Pick<SessionUser, "id">): Promise<QuietHoursSettings> {
      return settings(await state.requireEntry(user.id));
    },

    async set(user: Pick<SessionUser, "id">, quietHours: QuietHours | null): Promise<QuietHoursSettings> {
      const entry = await state.requireEntry(user.id);
      await deps.store.save(user.id, quietHours);
      entry.doc.quietHours = quietHours;
      // The schedule travels with the document, so other instances adopt it; a view changes
      // only if `quiet` did, so watchers hear of it only then.
      refresh(entry);
      bump(entry.doc, now());
      schedule(entry);
      deps.changed(entry);
      return settings(entry);
    },

    /** Stops every timer (shutdown). */
    stop() {
      timers.forEach(clearTimeout);
      timers.clear();
    },
  };
}
export type QuietHoursTimers = ReturnType<typeof createQuietHours>;
