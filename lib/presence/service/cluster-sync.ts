// Keeping this instance's working set in step with changes other instances made. Messages are
// applied one at a time, in the order sent: a buddy list snapshot must see the contacts
// reloaded by the message before it. Registered when the service is built, before anything can
// happen. Also closes devices orphaned by an instance that died (each handed to one survivor),
// and relays "these buddy lists changed shape" so every instance snapshots for its own tabs.
import type { Logger } from "@/lib/log";
import { type ClusterMessage, type PresenceCluster, presentityOf } from "../cluster";
import type { PresenceState, PresentityEntry } from "../presence-state";
import type { DecisionChanges } from "./decision-changes";
import type { FanOut } from "./fan-out";

export function startClusterSync(deps: {
  state: Pick<PresenceState, "peek" | "loaded" | "forget" | "reloadPolicy">;
  cluster: Pick<PresenceCluster, "broadcast" | "onMessage" | "onOrphanedDevices">;
  logger: Pick<Logger, "error">;
  publish: FanOut["publish"];
  decisions: Pick<DecisionChanges, "decisionsChange" | "reloadContacts" | "reloadVisibility" | "applyHolder">;
  /** Arms the presentity's status expiry (status-expiry.ts). */
  scheduleExpiry: (entry: PresentityEntry) => void;
  /** Brings quiet hours in step with the clock and arms their timer (quiet-hours.ts). */
  adoptQuiet: (entry: PresentityEntry) => void;
  /** Closes a device now (devices.ts). */
  closeDevice: (userId: string, deviceId: string) => Promise<void>;
}) {
  const { state, cluster, logger, publish, decisions } = deps;
  const buddyListListeners: ((userIds: string[]) => Promise<void>)[] = [];

  /** Changes another instance made: keep this instance's working set in step. */
  async function apply(message: ClusterMessage) {
    // A message about a presentity whose entry is loading applies to what the load read: it
    // may have read the store before this change was made.
    const presentityId = presentityOf(message);
    if (presentityId !== null) await state.loaded(presentityId);
    switch (message.type) {
      case "doc": {
        const entry = state.peek(message.userId);
        // Document versions grow with time, so the newer document wins when two instances race.
        if (!entry || message.doc.version <= entry.doc.version) return;
        entry.doc = message.doc;
        deps.scheduleExpiry(entry);
        deps.adoptQuiet(entry);
        // Each instance tells the watchers connected to it, from the views it gave them.
        publish(entry);
        return;
      }
      case "policy": {
        const entry = state.peek(message.userId);
        if (entry) await decisions.decisionsChange(entry, () => state.reloadPolicy(message.userId));
        return;
      }
      case "contacts":
        await decisions.reloadContacts(message.userId);
        return;
      case "subscriber":
        decisions.applyHolder(message.presentityId, message.watcherId, message.holding);
        return;
      case "buddy-lists":
        for (const listener of buddyListListeners) await listener(message.userIds);
        return;
      case "deleted":
        state.forget(message.userId);
        return;
      case "visibility":
        await decisions.reloadVisibility(message.watcherId);
        return;
    }
  }

  let queue = Promise.resolve();
  cluster.onMessage((message) => {
    queue = queue
      .then(() => apply(message))
      .catch((error: unknown) => logger.error({ err: error, message: message.type }, "cluster message failed"));
  });
  // Devices of an instance that died are closed by exactly one survivor.
  cluster.onOrphanedDevices(async (devices) => {
    for (const { userId, deviceId } of devices) await deps.closeDevice(userId, deviceId);
  });

  return {
    /** These accounts' buddy lists changed shape: the other instances send their tabs snapshots. */
    buddyListsChanged(userIds: string[]) {
      cluster.broadcast({ type: "buddy-lists", userIds });
    },

    /** Called with the accounts whose buddy lists another instance changed. */
    onBuddyListsChanged(listener: (userIds: string[]) => Promise<void>) {
      buddyListListeners.push(listener);
    },
  };
}
