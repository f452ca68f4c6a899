// Changes to what decides access — a presentity's rules or invisible mode, its contacts and
// groups, a watcher's visibility rules, who holds the presentity: cached decisions are dropped
// and the presentity is re-published with `everyone` (publish(entry, true)), so exactly the
// watchers whose view changed hear, and past fetchers' hidden views freeze at this moment.
// Local changes are also broadcast; cluster-sync.ts applies the ones other instances made.
import type { PresenceCluster } from "../cluster";
import type { PresenceState, PresentityEntry } from "../presence-state";
import type { Holding } from "../relations";
import type { FanOut } from "./fan-out";

export function createDecisionChanges(deps: {
  state: Pick<PresenceState, "peek" | "all" | "setHolder" | "reloadContacts" | "forgetVisibility" | "loadVisibility">;
  cluster: Pick<PresenceCluster, "broadcast">;
  publish: FanOut["publish"];
}) {
  const { state, cluster, publish } = deps;

  /** Decisions are recomputed after `apply`, and exactly the watchers whose view changed hear. */
  async function decisionsChange(entry: PresentityEntry, apply: () => Promise<void> | void) {
    await apply();
    entry.watchers.clearDecisions();
    publish(entry, true);
  }

  /** A watcher's visibility rules changed: every presentity it watches decides again for it. */
  async function reloadVisibility(watcherId: string) {
    state.forgetVisibility(watcherId);
    await state.loadVisibility([watcherId]);
    for (const entry of state.all()) {
      if (!entry.watchers.has(watcherId)) continue;
      entry.watchers.clearDecision(watcherId);
      publish(entry, true);
    }
  }

  /** The fan-out index follows a subscription; the watcher hears its new view. */
  function applyHolder(presentityId: string, watcherId: string, holding: Holding) {
    const entry = state.setHolder(presentityId, watcherId, holding);
    if (entry) publish(entry);
  }

  /** Re-reads the presentity's contacts and groups, if it is in memory, and decides again. */
  async function reloadContacts(ownerId: string) {
    const entry = state.peek(ownerId);
    if (entry) await decisionsChange(entry, async () => void (await state.reloadContacts(ownerId)));
  }

  return {
    decisionsChange,
    reloadVisibility,
    applyHolder,
    reloadContacts,

    /**
     * A subscription became active, waiting, or ended: the fan-out index follows, everywhere,
     * and the watcher hears its new view (an approved request sees more).
     */
    setHolder(presentityId: string, watcherId: string, holding: Holding) {
      applyHolder(presentityId, watcherId, holding);
      cluster.broadcast({ type: "subscriber", presentityId, watcherId, holding });
    },

    /** The presentity's rules or invisible mode changed (`apply` changes them in memory). */
    async policyChanged(entry: PresentityEntry, apply: () => void) {
      await decisionsChange(entry, apply);
      cluster.broadcast({ type: "policy", userId: entry.doc.userId });
    },

    /** The presentity's contacts or groups changed (they are subjects of its rules). */
    async contactsChanged(ownerId: string) {
      await reloadContacts(ownerId);
      cluster.broadcast({ type: "contacts", userId: ownerId });
    },

    /** A watcher's visibility rules changed: rules about hidden watchers may now decide differently. */
    async visibilityChanged(watcherId: string) {
      await reloadVisibility(watcherId);
      cluster.broadcast({ type: "visibility", watcherId });
    },
  };
}
export type DecisionChanges = ReturnType<typeof createDecisionChanges>;
