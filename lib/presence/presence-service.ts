// The PRESENCE SERVICE: accepts presence from a presentity's user agents (devices, status,
// user tuples), keeps it, and distributes it to watchers as each may see it. Storage and the
// notifier come in as arguments; every view goes through evaluateAccess(). This file only
// composes the parts in service/ (one concern each, see their headers); other services get
// its PresenceAccess, the transport its commands.
import type { PresenceStore } from "@/lib/db/presence/presence-store";
import type { QuietHoursStore } from "@/lib/db/presence/quiet-hours-store";
import type { Logger } from "@/lib/log";
import type { PresenceCluster } from "./cluster";
import type { KnownAccounts } from "./known-account";
import type { PresenceNotifier } from "./notifier";
import type { PresenceAccess } from "./presence-access";
import type { PresenceState } from "./presence-state";
import { createAccess } from "./service/access";
import { startClusterSync } from "./service/cluster-sync";
import { createDecisionChanges } from "./service/decision-changes";
import { createDevices } from "./service/devices";
import { startEviction } from "./service/eviction";
import { createFanOut } from "./service/fan-out";
import { createHiddenExpiry } from "./service/hidden-expiry";
import { createQuietHours } from "./service/quiet-hours";
import { createStatusCommands } from "./service/status";
import { createStatusExpiry } from "./service/status-expiry";
import { createWatching } from "./service/watching";
import type { WatchLog } from "./watch-log";

export function createPresenceService(deps: {
  state: PresenceState;
  store: PresenceStore;
  quietHours: Pick<QuietHoursStore, "save">;
  notifier: PresenceNotifier;
  cluster: PresenceCluster;
  watchLog: WatchLog;
  logger: Logger;
  graceMs: number;
  /** The coalescing window of fan-out.ts (PRESENCE_COALESCE_MS by default). */
  coalesceMs?: number;
  /** Names the caller gives, as the caller may know them (a blocker looks missing). */
  known: Pick<KnownAccounts, "idOf">;
  now?: () => number;
}) {
  const { state, store, notifier, cluster, watchLog, logger } = deps;
  const now = deps.now ?? Date.now;

  const access = createAccess({ state, notifier, now });
  const fanOut = createFanOut({ state, access, notifier, cluster, now, coalesceMs: deps.coalesceMs, published: (entry) => hiddenExpiry.watch(entry) });
  const hiddenExpiry = createHiddenExpiry({ state, now, publish: fanOut.publish });
  const { changed } = fanOut;
  const decisions = createDecisionChanges({ state, cluster, publish: fanOut.publish });
  const expiry = createStatusExpiry({ state, store, logger, now, changed });
  const scheduleExpiry = expiry.schedule;
  const quiet = createQuietHours({ state, store: deps.quietHours, logger, now, publish: fanOut.publish, changed });
  state.onLoaded(quiet.adopt);
  const devices = createDevices({ state, store, cluster, logger, graceMs: deps.graceMs, now, changed, scheduleExpiry });
  const eviction = startEviction({
    state,
    logger,
    now,
    accountsHere: devices.accountsHere,
    expiryArmed: expiry.isArmed,
    forgetOldPublishes: fanOut.forgetOldPublishes,
  });
  // Registered before anything can happen: changes from other instances, and their orphans.
  const sync = startClusterSync({
    state,
    cluster,
    logger,
    publish: fanOut.publish,
    decisions,
    scheduleExpiry,
    adoptQuiet: quiet.adopt,
    closeDevice: devices.closeDevice,
  });
  const status = createStatusCommands({ state, store, now, changed, scheduleExpiry, selfView: access.selfView });
  const watching = createWatching({ state, known: deps.known, access, watchLog, now });

  const presenceAccess: PresenceAccess = {
    blocks: access.blocks,
    hiddenFrom: access.hiddenFrom,
    onViewsOpened: access.onViewsOpened,
    isOnline: devices.isOnline,
    factsFor: (entry, watcherId) => access.factsFor(entry, watcherId),
    contactView: access.contactView,
    selfView: access.selfView,
    policyChanged: decisions.policyChanged,
    contactsChanged: decisions.contactsChanged,
    visibilityChanged: decisions.visibilityChanged,
    setHolder: decisions.setHolder,
    buddyListsChanged: sync.buddyListsChanged,
    onBuddyListsChanged: sync.onBuddyListsChanged,
  };

  return {
    /** What other services may ask and tell (lib/services.ts hands them this). */
    access: presenceAccess,

    connectDevice: devices.connect,
    disconnectDevice: devices.disconnect,
    setIdle: devices.setIdle,
    connectedClients: devices.connectedClients,
    /** Presentities whose entry this instance holds. */
    presentitiesHeld: () => state.size,
    setStatus: status.setStatus,
    clearStatus: status.clearStatus,
    setUserTuples: status.setUserTuples,
    profileChanged: status.profileChanged,
    getQuietHours: quiet.get,
    setQuietHours: quiet.set,
    fetch: watching.fetch,
    follow: watching.follow,
    unfollow: watching.unfollow,

    /** An account was deleted: it is gone from every instance's memory. */
    accountDeleted(userId: string) {
      state.forget(userId);
      cluster.broadcast({ type: "deleted", userId });
    },

    /**
     * Graceful shutdown: this instance's devices close now (watchers hear it, last seen is
     * written), then timers stop and pending watch records are written.
     */
    async close() {
      eviction.stop();
      expiry.stop();
      hiddenExpiry.stop();
      quiet.stop();
      await devices.close();
      fanOut.flushCoalesced();
      await watchLog.close();
    },
  };
}
export type PresenceService = ReturnType<typeof createPresenceService>;
