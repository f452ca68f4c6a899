// The working set's upkeep: presentities nobody used for a while, with no open device, are
// dropped from memory — unless a status timer waits on one, or a watcher connected here holds
// or follows it (the views and versions its tabs were given live in the entry, and must go on
// from where they are).
import type { Logger } from "@/lib/log";
import type { PresenceState, PresentityEntry } from "../presence-state";
import { EVICTION_SWEEP_MS, PRESENTITY_IDLE_EVICT_MS } from "../timing";
import { audience } from "./audience";

export function startEviction(deps: {
  state: Pick<PresenceState, "evictIdle">;
  logger: Pick<Logger, "debug">;
  now: () => number;
  /** Accounts with a device connected to this instance (devices.ts). */
  accountsHere: () => Set<string>;
  /** Whether a status timer waits on the presentity (status-expiry.ts). */
  expiryArmed: (userId: string) => boolean;
  /** Lets go of what no longer coalesces (fan-out.ts). */
  forgetOldPublishes: () => void;
}): { stop(): void } {
  const { state, logger, now } = deps;

  function sweep() {
    const online = deps.accountsHere();
    const watched = (entry: PresentityEntry) => {
      for (const watcherId of audience(entry)) if (online.has(watcherId)) return true;
      return false;
    };
    deps.forgetOldPublishes();
    const evicted = state.evictIdle(
      now() - PRESENTITY_IDLE_EVICT_MS,
      (entry) => deps.expiryArmed(entry.doc.userId) || watched(entry),
    );
    if (evicted > 0) logger.debug({ evicted }, "evicted idle presentities");
  }

  const timer = setInterval(sweep, EVICTION_SWEEP_MS);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
