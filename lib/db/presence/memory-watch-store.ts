// The watch store in memory (the contract: watch-store.ts), over memory-tables.ts.
import { deleteWhere, type MemoryTables, sortBy } from "../memory-tables";
import type { WatchStore } from "./watch-store";

const DAY_MS = 86_400_000;

export function createMemoryWatchStore(tables: MemoryTables): WatchStore {
  return {
    async record(entries) {
      for (const entry of entries) {
        const record = tables.watchRecords.find(
          (row) => row.presentityId === entry.presentityId && row.watcherId === entry.watcherId && row.kind === entry.kind,
        );
        if (record) {
          record.lastAt = entry.lastAt;
          record.count += entry.count;
        } else {
          tables.watchRecords.push({ ...entry });
        }
        const day = entry.lastAt.toISOString().slice(0, 10);
        const daily = tables.watchDays.find((row) => row.presentityId === entry.presentityId && row.day === day && row.kind === entry.kind);
        if (daily) daily.count += entry.count;
        else tables.watchDays.push({ presentityId: entry.presentityId, day, kind: entry.kind, count: entry.count });
      }
    },

    async list(presentityId, since) {
      return sortBy(
        tables.watchRecords.filter((row) => row.presentityId === presentityId && row.lastAt >= since),
        (row) => row.lastAt,
        "desc",
      ).map((row) => ({ ...row }));
    },

    async daily(presentityId, sinceDay) {
      return sortBy(
        tables.watchDays.filter((row) => row.presentityId === presentityId && row.day >= sinceDay),
        (row) => row.day,
      ).map((row) => ({ ...row }));
    },

    async purge(now, defaultDays, custom) {
      const days = new Map(custom.map((entry) => [entry.presentityId, entry.days]));
      const cutoff = (presentityId: string) => new Date(now.getTime() - (days.get(presentityId) ?? defaultDays) * DAY_MS);
      return (
        deleteWhere(tables.watchRecords, (row) => row.lastAt < cutoff(row.presentityId)) +
        deleteWhere(tables.watchDays, (row) => row.day < cutoff(row.presentityId).toISOString().slice(0, 10))
      );
    },
  };
}
