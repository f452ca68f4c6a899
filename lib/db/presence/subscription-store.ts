// Storage of SUBSCRIPTIONS (watcher → presentity, with a state). Implementations:
// prisma-subscription-store.ts, memory-subscription-store.ts.
import type { SubscriptionState } from "@/lib/protocol/buddy-list";

/** The states in which the watcher holds the presentity in its buddy list. */
export const HELD_STATES: readonly SubscriptionState[] = ["pending", "active", "denied"];

export interface SubscriptionStore {
  get(watcherId: string, presentityId: string): Promise<SubscriptionState | null>;
  set(watcherId: string, presentityId: string, state: SubscriptionState): Promise<void>;
  /** Moves a subscription from one state to another; false if it was not in `from`. */
  transition(watcherId: string, presentityId: string, from: SubscriptionState[], to: SubscriptionState): Promise<boolean>;
  /** The state of each of these watchers' subscription to one presentity (absent: none). */
  statesFor(presentityId: string, watcherIds: string[]): Promise<Map<string, SubscriptionState>>;
  /**
   * Both directions around these accounts: who watches each or waits for its answer (its
   * fan-out list) and whom each holds in its buddy list, oldest subscription first. A denied
   * request stays "pending" to its watcher: the answer is the presentity's secret.
   */
  around(userIds: string[]): Promise<{
    watchers: { presentityId: string; watcherId: string; state: "active" | "waiting" }[];
    contacts: { ownerId: string; contactId: string; state: "pending" | "active" }[];
  }>;
  /** Requests to watch this presentity that wait for its answer, oldest first. */
  pendingFor(presentityId: string): Promise<{ watcherId: string; updatedAt: Date }[]>;
}
