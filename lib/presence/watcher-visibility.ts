// Watchers' VISIBILITY RULES, cached in memory for every watcher the working set knows of
// (subscribers of loaded entries, owners, callers): access rules about hidden watchers and the
// reciprocity guard of watcher information read them on every decision, never from storage.
import { type AccessRuleStore, EVERYONE } from "@/lib/db/presence/access-rule-store";

/** A watcher's visibility rules: for everyone, and per presentity. */
export type WatcherVisibility = { all: "visible" | "hidden"; perPresentity: Map<string, "visible" | "hidden"> };
const VISIBLE: WatcherVisibility = { all: "visible", perPresentity: new Map() };

export function createVisibilityCache(deps: { rules: Pick<AccessRuleStore, "loadVisibility"> }) {
  const visibility = new Map<string, WatcherVisibility>();

  return {
    /** Loads the rules of the watchers not cached yet (one query for all of them). */
    async load(watcherIds: string[]) {
      const missing = watcherIds.filter((id) => !visibility.has(id));
      if (missing.length === 0) return;
      const rows = await deps.rules.loadVisibility(missing);
      for (const id of missing) visibility.set(id, VISIBLE);
      for (const row of rows) {
        let current = visibility.get(row.watcherId)!;
        if (current === VISIBLE) visibility.set(row.watcherId, (current = { all: "visible", perPresentity: new Map() }));
        if (row.presentityId === EVERYONE) current.all = row.visibility;
        else current.perPresentity.set(row.presentityId, row.visibility);
      }
    },

    /** Whether a watcher hides its watching from a presentity (its visibility must be loaded). */
    isHidden(watcherId: string, presentityId: string): boolean {
      const rules = visibility.get(watcherId) ?? VISIBLE;
      return (rules.perPresentity.get(presentityId) ?? rules.all) === "hidden";
    },

    /** Whether a watcher hides its watching from anyone (reciprocity: it then sees no names). */
    hidesFromAnyone(watcherId: string): boolean {
      const rules = visibility.get(watcherId) ?? VISIBLE;
      return rules.all === "hidden" || [...rules.perPresentity.values()].includes("hidden");
    },

    of(watcherId: string): WatcherVisibility {
      return visibility.get(watcherId) ?? VISIBLE;
    },

    /** Forgets a watcher's cached rules, so the next use reloads them. */
    forget(watcherId: string) {
      visibility.delete(watcherId);
    },
  };
}
export type VisibilityCache = ReturnType<typeof createVisibilityCache>;
