// Storage of WATCHER INFORMATION records, written in batches (see lib/presence/watch-log.ts).
import type { Db } from "./client";

export type WatchKind = "fetch" | "poll" | "subscribe";

export type WatchBatchEntry = {
  presentityId: string;
  watcherId: string;
  kind: WatchKind;
  firstAt: Date;
  lastAt: Date;
  count: number;
};

export function createWatchStore(db: Db) {
  return {
    /** Adds a batch of aggregated watch events in one transaction. */
    async record(entries: WatchBatchEntry[]): Promise<void> {
      if (entries.length === 0) return;
      await db.$transaction(
        entries.map((entry) =>
          db.watchRecord.upsert({
            where: {
              presentityId_watcherId_kind: {
                presentityId: entry.presentityId,
                watcherId: entry.watcherId,
                kind: entry.kind,
              },
            },
            create: entry,
            update: { lastAt: entry.lastAt, count: { increment: entry.count } },
          }),
        ),
      );
    },

    list(presentityId: string, since: Date) {
      return db.watchRecord.findMany({ where: { presentityId, lastAt: { gte: since } }, orderBy: { lastAt: "desc" } });
    },
  };
}
export type WatchStore = ReturnType<typeof createWatchStore>;
