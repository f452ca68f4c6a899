import { afterEach, describe, expect, it, vi } from "vitest";
import type { WatchBatchEntry, WatchStore } from "@/lib/db/presence/watch-store";
import type { Logger } from "@/lib/log";
import { type WatchEvent, type WatchLog, createWatchLog } from "./watch-log";

const at = (second: number) => new Date(Date.UTC(2025, 0, 1, 12, 0, second));

/** A batch entry as the store must receive it (extra fields are checked by their own test). */
const entry = (presentityId: string, watcherId: string, kind: WatchBatchEntry["kind"], first: number, last: number, count: number) =>
  expect.objectContaining({ presentityId, watcherId, kind, firstAt: at(first), lastAt: at(last), count });

function setup(options: { failWith?: Error } = {}) {
  const batches: WatchBatchEntry[][] = [];
  const store = {
    record: vi.fn(async (entries: WatchBatchEntry[]) => {
      const failure = options.failWith;
      options.failWith = undefined; // fail once, then work again
      if (failure) throw failure;
      // copy: the log must not change an entry after handing it over
      batches.push(entries.map((entry) => ({ ...entry })));
    }),
  } as unknown as WatchStore;
  const logger = { error: vi.fn() } as unknown as Logger & { error: ReturnType<typeof vi.fn> };
  const events: WatchEvent[] = [];
  const log = createWatchLog({ store, logger, flushEveryMs: 60_000, onEvent: (event) => events.push(event) });
  logs.push(log);
  return { log, batches, events, logger, store };
}

const logs: WatchLog[] = [];
afterEach(async () => {
  await Promise.all(logs.splice(0).map((log) => log.close()));
});

describe("watch log", () => {
  it("aggregates events per presentity, watcher and kind with count, first and last time", async () => {
    const { log, batches } = setup();
    log.record({ presentityId: "alice", watcherId: "bob", kind: "fetch", at: at(1) });
    log.record({ presentityId: "alice", watcherId: "bob", kind: "fetch", at: at(5) });
    log.record({ presentityId: "alice", watcherId: "bob", kind: "fetch", at: at(9) });
    log.record({ presentityId: "alice", watcherId: "bob", kind: "poll", at: at(2) });
    log.record({ presentityId: "alice", watcherId: "carol", kind: "fetch", at: at(3) });
    log.record({ presentityId: "dave", watcherId: "bob", kind: "fetch", at: at(4) });
    await log.flush();

    expect(batches).toHaveLength(1);
    expect(batches[0]).toEqual(
      expect.arrayContaining([
        entry("alice", "bob", "fetch", 1, 9, 3),
        entry("alice", "bob", "poll", 2, 2, 1),
        entry("alice", "carol", "fetch", 3, 3, 1),
        entry("dave", "bob", "fetch", 4, 4, 1),
      ]),
    );
    expect(batches[0]).toHaveLength(4);
  });

  it("hands the store exactly the fields of a batch entry (Prisma refuses unknown ones, e.g. `at`)", async () => {
    const { log, batches } = setup();
    log.record({ presentityId: "alice", watcherId: "bob", kind: "fetch", at: at(1) });
    log.record({ presentityId: "alice", watcherId: "bob", kind: "fetch", at: at(2) });
    await log.flush();
    expect(batches).toEqual([
      [{ presentityId: "alice", watcherId: "bob", kind: "fetch", firstAt: at(1), lastAt: at(2), count: 2 }],
    ]);
  });

  it("does not record anyone looking at themselves", async () => {
    const { log, batches, events } = setup();
    log.record({ presentityId: "alice", watcherId: "alice", kind: "subscribe", at: at(1) });
    await log.flush();
    expect(batches).toEqual([]);
    expect(events).toEqual([]);
  });

  it("tells onEvent about every event as it happens, before any flush", () => {
    const { log, events, batches } = setup();
    const first = { presentityId: "alice", watcherId: "bob", kind: "fetch", at: at(1) } as const;
    const second = { presentityId: "alice", watcherId: "bob", kind: "fetch", at: at(2) } as const;
    log.record(first);
    log.record(second);
    expect(events).toEqual([first, second]);
    expect(batches).toEqual([]);
  });

  it("writes nothing when nothing happened", async () => {
    const { log, store } = setup();
    await log.flush();
    expect(store.record).not.toHaveBeenCalled();
  });

  it("starts a fresh aggregate after each flush", async () => {
    const { log, batches } = setup();
    log.record({ presentityId: "alice", watcherId: "bob", kind: "fetch", at: at(1) });
    await log.flush();
    log.record({ presentityId: "alice", watcherId: "bob", kind: "fetch", at: at(7) });
    await log.flush();
    await log.flush();
    expect(batches).toEqual([[entry("alice", "bob", "fetch", 1, 1, 1)], [entry("alice", "bob", "fetch", 7, 7, 1)]]);
  });

  it("flushes what is pending on close()", async () => {
    const { log, batches } = setup();
    log.record({ presentityId: "alice", watcherId: "bob", kind: "subscribe", at: at(1) });
    await log.close();
    expect(batches).toEqual([[entry("alice", "bob", "subscribe", 1, 1, 1)]]);
  });

  it("flushes by itself on its timer", async () => {
    vi.useFakeTimers();
    try {
      const { log, batches } = setup();
      log.record({ presentityId: "alice", watcherId: "bob", kind: "poll", at: at(1) });
      await vi.advanceTimersByTimeAsync(60_000);
      expect(batches).toHaveLength(1);
      await log.close();
    } finally {
      vi.useRealTimers();
    }
  });

  it("logs a failed write instead of rejecting, and keeps working", async () => {
    const { log, logger, batches } = setup({ failWith: new Error("disk full") });
    log.record({ presentityId: "alice", watcherId: "bob", kind: "fetch", at: at(1) });
    await expect(log.flush()).resolves.toBeUndefined();
    expect(logger.error).toHaveBeenCalledOnce();
    expect(logger.error.mock.calls[0]?.[0]).toMatchObject({ records: 1 });

    log.record({ presentityId: "alice", watcherId: "carol", kind: "poll", at: at(2) });
    await log.flush();
    expect(batches).toEqual([[entry("alice", "carol", "poll", 2, 2, 1)]]);
  });
});
