// The watch store on SQLite or PostgreSQL through Prisma (the contract: watch-store.ts).
import type { Db } from "../client";
import type { WatchBatchEntry, WatchKind, WatchStore } from "./watch-store";

export function createPrismaWatchStore(db: Db): WatchStore {
  return {
    /** Adds a batch of aggregated watch events, and the per-day counts, in one transaction. */
    async record(entries: WatchBatchEntry[]): Promise<void> {
      if (entries.length === 0) return;
      const daily = new Map<string, { presentityId: string; day: string; kind: WatchKind; count: number }>();
      for (const entry of entries) {
        const day = entry.lastAt.toISOString().slice(0, 10);
        const key = `${entry.presentityId}|${day}|${entry.kind}`;
        const row = daily.get(key) ?? { presentityId: entry.presentityId, day, kind: entry.kind, count: 0 };
        row.count += entry.count;
        daily.set(key, row);
      }
      await db.$transaction([
        ...entries.map((entry) =>
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
        ...[...daily.values()].map((row) =>
          db.watchDaily.upsert({
            where: { presentityId_day_kind: { presentityId: row.presentityId, day: row.day, kind: row.kind } },
            create: row,
            update: { count: { increment: row.count } },
          }),
        ),
      ]);
    },

    list(presentityId: string, since: Date) {
      return db.watchRecord.findMany({ where: { presentityId, lastAt: { gte: since } }, orderBy: { lastAt: "desc" } });
    },

    daily(presentityId: string, sinceDay: string) {
      return db.watchDaily.findMany({ where: { presentityId, day: { gte: sinceDay } }, orderBy: { day: "asc" } });
    },

    /**
     * Forgets watching older than each presentity's retention window. `custom` lists the
     * presentities whose window is not the default one.
     */
    async purge(now: Date, defaultDays: number, custom: { presentityId: string; days: number }[]): Promise<number> {
      const cutoff = (days: number) => new Date(now.getTime() - days * 86_400_000);
      const customIds = custom.map((entry) => entry.presentityId);
      const results = await db.$transaction([
        db.watchRecord.deleteMany({ where: { lastAt: { lt: cutoff(defaultDays) }, presentityId: { notIn: customIds } } }),
        db.watchDaily.deleteMany({
          where: { day: { lt: cutoff(defaultDays).toISOString().slice(0, 10) }, presentityId: { notIn: customIds } },
        }),
        ...custom.flatMap(({ presentityId, days }) => [
          db.watchRecord.deleteMany({ where: { presentityId, lastAt: { lt: cutoff(days) } } }),
          db.watchDaily.deleteMany({ where: { presentityId, day: { lt: cutoff(days).toISOString().slice(0, 10) } } }),
        ]),
      ]);
      return results.reduce((sum, result) => sum + result.count, 0);
    },
  };
}
