// Who hears of a presentity's changes, read from its entry alone: the presentity itself, the
// accounts holding it in their buddy lists (active or waiting), and tabs following it. Pure,
// so fan-out, views and the eviction sweep agree on one definition.
import type { PresentityEntry } from "../presence-state";

/** Whether the watcher holds the presentity in its buddy list (active, or waiting). */
export const holds = (entry: PresentityEntry, watcherId: string): boolean => entry.relations.holds(watcherId);

/** Whether the watcher's tabs show the presentity: held in its buddy list, or followed. */
export const shows = (entry: PresentityEntry, watcherId: string): boolean => entry.relations.shows(watcherId);

/** Whether the watcher is told of the presentity's changes (it is the presentity, or its tabs show it). */
export const inAudience = (entry: PresentityEntry, watcherId: string): boolean =>
  watcherId === entry.doc.userId || shows(entry, watcherId);

/** Everyone who is told of the presentity's changes: itself, its holders and followers. */
export function* audience(entry: PresentityEntry): Generator<string> {
  yield entry.doc.userId;
  for (const watcherId of entry.relations.audience()) if (watcherId !== entry.doc.userId) yield watcherId;
}
