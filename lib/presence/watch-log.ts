// Records every fetch, poll and subscription (the raw material of WATCHER INFORMATION)
// without a database write per event: events are aggregated in memory per
// (presentity, watcher, kind) and written in one transaction every few seconds.
import type { WatchBatchEntry, WatchKind, WatchStore } from "@/lib/db/presence/watch-store";
import type { Logger } from "@/lib/log";
import { WATCH_LOG_FLUSH_MS } from "./timing";

export type WatchEvent = { presentityId: string; watcherId: string; kind: WatchKind; at: Date };

export function createWatchLog(deps: {
  store: WatchStore;
  logger: Logger;
  flushEveryMs?: number;
  /** Called for each event as it happens (live watcher information). */
  onEvent?: (event: WatchEvent) => void;
}) {
  let pending = new Map<string, WatchBatchEntry>();
  let flushing: Promise<void> = Promise.resolve();
  const timer = setInterval(() => void flush(), deps.flushEveryMs ?? WATCH_LOG_FLUSH_MS);
  timer.unref();

  function flush(): Promise<void> {
    if (pending.size === 0) return flushing;
    const batch = [...pending.values()];
    pending = new Map();
    flushing = flushing
      .then(() => deps.store.record(batch))
      .catch((error: unknown) => deps.logger.error({ err: error, records: batch.length }, "watch log flush failed"));
    return flushing;
  }

  return {
    record(event: WatchEvent) {
      if (event.presentityId === event.watcherId) return; // looking at yourself is not watching
      const key = `${event.presentityId}\u0000${event.watcherId}\u0000${event.kind}`;
      const entry = pending.get(key);
      if (entry) {
        entry.lastAt = event.at;
        entry.count += 1;
      } else {
        const { presentityId, watcherId, kind, at } = event;
        pending.set(key, { presentityId, watcherId, kind, firstAt: at, lastAt: at, count: 1 });
      }
      deps.onEvent?.(event);
    },
    flush,
    async close() {
      clearInterval(timer);
      await flush();
    },
  };
}
export type WatchLog = ReturnType<typeof createWatchLog>;
