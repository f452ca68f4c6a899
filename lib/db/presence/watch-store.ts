// Storage of WATCHER INFORMATION records, written in batches (see lib/presence/watch-log.ts).
// Implementations: prisma-watch-store.ts, memory-watch-store.ts.

export type WatchKind = "fetch" | "poll" | "subscribe";

export type WatchBatchEntry = {
  presentityId: string;
  watcherId: string;
  kind: WatchKind;
  firstAt: Date;
  lastAt: Date;
  count: number;
};

/** One watcher's watching of one kind, aggregated. `kind` as stored. */
export type WatchRecord = Omit<WatchBatchEntry, "kind"> & { kind: string };

/** How often a presentity was watched one UTC day (YYYY-MM-DD), per kind. */
export type WatchDay = { presentityId: string; day: string; kind: string; count: number };

export interface WatchStore {
  /** Adds a batch of aggregated watch events, and the per-day counts, in one transaction. */
  record(entries: WatchBatchEntry[]): Promise<void>;
  /** The presentity's records last seen since a time, most recent first. */
  list(presentityId: string, since: Date): Promise<WatchRecord[]>;
  /** The presentity's daily counts from a day on, oldest first. */
  daily(presentityId: string, sinceDay: string): Promise<WatchDay[]>;
  /**
   * Forgets watching older than each presentity's retention window. `custom` lists the
   * presentities whose window is not the default one. Returns how many rows went.
   */
  purge(now: Date, defaultDays: number, custom: { presentityId: string; days: number }[]): Promise<number>;
}
