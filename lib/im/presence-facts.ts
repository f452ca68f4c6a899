// What the instant message service asks the presence service about a person. Receipts and
// typing notices show that a person is around, so they may only go where that person's
// presence is seen: the presence service decides that, and says when it changes.
export interface PresenceFacts {
  /**
   * Whether the watcher's view of the presentity is hidden: the presentity's access decision for
   * the watcher is polite-block or block, or the presentity is invisible.
   */
  hiddenFrom(presentityId: string, watcherId: string): Promise<boolean>;
  /** Whether the person has a device (tab, API client) open, anywhere in the service. */
  isOnline(userId: string): boolean;
  /** Calls back when watchers' views of a presentity stop being hidden. */
  onViewsOpened(listener: (presentityId: string, watcherIds: string[]) => void): void;
}
