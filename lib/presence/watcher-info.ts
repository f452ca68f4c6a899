// WATCHER INFORMATION: who has been watching a presentity — fetchers and pollers as well as
// subscribers — within its retention window, honouring watchers' visibility rules and the
// reciprocity guard (whoever hides their own watching sees counts, not names). It is
// delivered live: each watch event reaches the presentity's tabs like a notification.
import type { SessionUser } from "@/lib/accounts/account-service";
import type { AccountStore } from "@/lib/db/accounts/account-store";
import type { PresenceStore } from "@/lib/db/presence/presence-store";
import type { SubscriptionStore } from "@/lib/db/presence/subscription-store";
import type { WatchKind, WatchStore } from "@/lib/db/presence/watch-store";
import type { Logger } from "@/lib/log";
import type { WatcherInformation, WatcherRow, WatchKindSummary, WatchNotice } from "@/lib/protocol/privacy";
import type { PresenceState } from "./presence-state";
import { type KindSummary, watcherRole, watcherShown, windowDays } from "./rules/watcher-role";
import type { WatchEvent } from "./watch-log";

export const DEFAULT_RETENTION_DAYS = 30;
const PURGE_EVERY_MS = 60 * 60 * 1000;

/** A watcher as its presentity may see it: only counted, or listed (its name null when withheld). */
export type ShownWatcher = { counted: true } | { counted: false; username: string | null; displayName: string | null };

export function createWatcherInfo(deps: {
  state: PresenceState;
  watches: WatchStore;
  accounts: AccountStore;
  subscriptions: SubscriptionStore;
  presenceStore: PresenceStore;
  /** Writes watch events still held in memory, so a list includes the latest watching. */
  flushWatches: () => Promise<void>;
  logger: Logger;
  /** Tells a presentity's tabs that watching happened. */
  notify: (presentityId: string, notice: WatchNotice) => void;
  now?: () => Date;
}) {
  const { state, watches } = deps;
  const now = deps.now ?? (() => new Date());

  const iso = (summary: KindSummary): WatchKindSummary => ({
    count: summary.count,
    firstAt: summary.firstAt.toISOString(),
    lastAt: summary.lastAt.toISOString(),
  });

  /**
   * How these watchers show to a presentity (watcherShown): the one path by which anything
   * that tells a presentity about its watchers names them. Deleted accounts are absent.
   */
  async function asShownTo(presentityId: string, watcherIds: string[]) {
    const [accounts] = await Promise.all([
      deps.accounts.summaries(watcherIds),
      state.loadVisibility([presentityId, ...watcherIds]),
    ]);
    const namesWithheld = state.hidesFromAnyone(presentityId);
    const watchers = new Map<string, ShownWatcher>();
    for (const who of accounts) {
      const shown = watcherShown({ hidesFromPresentity: state.isHidden(who.id, presentityId), presentityHidesFromAnyone: namesWithheld });
      const named = shown === "named";
      watchers.set(
        who.id,
        shown === "counted"
          ? { counted: true }
          : { counted: false, username: named ? who.username : null, displayName: named ? who.displayName : null },
      );
    }
    return { namesWithheld, watchers };
  }

  async function purge() {
    try {
      const custom = await deps.presenceStore.customRetention(DEFAULT_RETENTION_DAYS);
      const removed = await watches.purge(now(), DEFAULT_RETENTION_DAYS, custom);
      if (removed > 0) deps.logger.info({ removed }, "purged old watcher information");
    } catch (error) {
      deps.logger.error({ err: error }, "purging watcher information failed");
    }
  }
  const purgeTimer = setInterval(() => void purge(), PURGE_EVERY_MS);
  purgeTimer.unref();

  return {
    purge,
    asShownTo,

    async list(user: Pick<SessionUser, "id">): Promise<WatcherInformation> {
      const entry = await state.requireEntry(user.id);
      const days = entry.watcherRetentionDays;
      const since = new Date(now().getTime() - days * 86_400_000);
      await deps.flushWatches();
      const records = await watches.list(user.id, since);
      const watcherIds = [...new Set(records.map((record) => record.watcherId))];
      const [{ namesWithheld, watchers: shown }, subscriptionStates, daily] = await Promise.all([
        asShownTo(user.id, watcherIds),
        deps.subscriptions.statesFor(user.id, watcherIds),
        watches.daily(user.id, since.toISOString().slice(0, 10)),
      ]);

      const byWatcher = new Map<string, Partial<Record<WatchKind, KindSummary>>>();
      for (const record of records) {
        const kinds = byWatcher.get(record.watcherId) ?? {};
        kinds[record.kind as WatchKind] = { count: record.count, firstAt: record.firstAt, lastAt: record.lastAt };
        byWatcher.set(record.watcherId, kinds);
      }
      const rows: WatcherRow[] = [];
      const hidden = { watchers: 0, count: 0 };
      for (const [watcherId, kinds] of byWatcher) {
        const who = shown.get(watcherId);
        if (!who) continue; // a deleted account
        const summaries = Object.values(kinds);
        const count = summaries.reduce((sum, summary) => sum + summary.count, 0);
        if (who.counted) {
          hidden.watchers += 1;
          hidden.count += count;
          continue;
        }
        const firstAt = new Date(Math.min(...summaries.map((summary) => summary.firstAt.getTime())));
        const lastAt = new Date(Math.max(...summaries.map((summary) => summary.lastAt.getTime())));
        rows.push({
          username: who.username,
          displayName: who.displayName,
          role: watcherRole(kinds),
          kinds: Object.fromEntries(Object.entries(kinds).map(([kind, summary]) => [kind, iso(summary)])),
          firstAt: firstAt.toISOString(),
          lastAt: lastAt.toISOString(),
          count,
          subscription: subscriptionStates.get(watcherId) ?? null,
        });
      }
      rows.sort((a, b) => b.lastAt.localeCompare(a.lastAt));

      const perDay = new Map(windowDays(now(), days).map((day) => [day, { day, fetch: 0, poll: 0, subscribe: 0 }]));
      for (const row of daily) {
        const bucket = perDay.get(row.day);
        if (bucket) bucket[row.kind as WatchKind] += row.count;
      }
      return { rows, hidden, namesWithheld, retentionDays: days, daily: [...perDay.values()] };
    },

    /** Called for every watch event: the watched presentity's tabs hear of it at once. */
    async onWatch(event: WatchEvent) {
      try {
        const watcher = (await asShownTo(event.presentityId, [event.watcherId])).watchers.get(event.watcherId);
        if (!watcher) return; // deleted meanwhile
        deps.notify(event.presentityId, {
          username: watcher.counted ? null : watcher.username,
          displayName: watcher.counted ? null : watcher.displayName,
          kind: event.kind,
          at: event.at.toISOString(),
          hidden: watcher.counted,
        });
      } catch (error) {
        deps.logger.error({ err: error }, "watch notice failed");
      }
    },

    close() {
      clearInterval(purgeTimer);
    },
  };
}
export type WatcherInfoService = ReturnType<typeof createWatcherInfo>;
