// What the other services (subscriptions, privacy, messaging, known accounts, watcher
// information) may ask of the presence service, and tell it: questions answered by the same
// access evaluation every view goes through, and the changes to what decides access that it
// must re-publish. They get this, not the service's internals (decisions, records, fan-out),
// so no path around evaluateAccess() or around the ordering of notifications exists.
import type { PresenceView } from "@/lib/protocol/presence";
import type { PresentityEntry } from "./presence-state";
import type { Holding } from "./relations";
import type { WatcherFacts } from "./rules/evaluate-access";

export interface PresenceAccess {
  /** Whether the presentity's rules block the watcher: to it, the account must look as if it did not exist. */
  blocks(entry: PresentityEntry, watcherId: string, tokenId?: string | null): boolean;
  /**
   * Whether the watcher's view of the presentity is hidden (polite-block, invisible, blocked):
   * receipts and typing notices must not say otherwise. Its opening later reaches onViewsOpened.
   */
  hiddenFrom(presentityId: string, watcherId: string): Promise<boolean>;
  /** Calls back when watchers' views of a presentity stop being hidden. */
  onViewsOpened(listener: (presentityId: string, watcherIds: string[]) => void): void;
  /** Whether any device of the account is open, anywhere in the service. */
  isOnline(userId: string): boolean;
  /** The facts about a watcher that the presentity's rules look at (subscription handling, previews). */
  factsFor(entry: PresentityEntry, watcherId: string): WatcherFacts;
  /** The view a contact gets in the watcher's buddy list (a blocked holder sees it offline for good). */
  contactView(entry: PresentityEntry, watcherId: string, exceptConnection?: string): PresenceView;
  /** The presentity's own view, as its tabs show it. */
  selfView(entry: PresentityEntry, exceptConnection?: string): PresenceView;

  /** The presentity's rules or invisible mode changed (`apply` changes them in memory): re-publish. */
  policyChanged(entry: PresentityEntry, apply: () => void): Promise<void>;
  /** The owner's contacts or groups changed (subjects of its rules): re-read them and re-publish. */
  contactsChanged(ownerId: string): Promise<void>;
  /** A watcher's visibility rules changed: wherever it watches, decide again and re-publish. */
  visibilityChanged(watcherId: string): Promise<void>;
  /** A subscription became active, waiting (pending or denied), or ended. */
  setHolder(presentityId: string, watcherId: string, holding: Holding): void;
  /** These accounts' buddy lists changed shape: the other instances send their tabs snapshots. */
  buddyListsChanged(userIds: string[]): void;
  /** Called with the accounts whose buddy lists another instance changed. */
  onBuddyListsChanged(listener: (userIds: string[]) => Promise<void>): void;
}
