// What the presence service needs from the transport: deliver to the open devices of
// accounts. lib/realtime/notifier.ts implements it with socket.io rooms; tests record calls.
import type { BuddyListSnapshot } from "@/lib/protocol/buddy-list";
import type { PresenceView } from "@/lib/protocol/presence";
import type { PrivacySettings, WatchNotice } from "@/lib/protocol/privacy";

export interface PresenceNotifier {
  /**
   * One view, the same for every listed watcher (a NOTIFICATION), to their tabs connected to
   * this instance: each instance tells its own, from the views it gave them. Not to
   * `exceptConnection`, a tab given the same view in the snapshot it is being sent.
   */
  presenceChanged(watcherIds: readonly string[], view: PresenceView, exceptConnection?: string): void;
  /**
   * The account's buddy list changed shape (contacts, requests, groups): to its tabs connected
   * here (each instance sends its own, with the views and versions it gave them).
   */
  buddyListChanged(userId: string, snapshot: BuddyListSnapshot): void;
  /** Whether the account has a tab connected to this instance. */
  connectedHere(userId: string): boolean;
  /** Someone watched this presentity (live WATCHER INFORMATION). */
  watched(presentityId: string, notice: WatchNotice): void;
  /** The account's privacy settings changed (from any of its tabs). */
  privacyChanged(userId: string, settings: PrivacySettings): void;
}
