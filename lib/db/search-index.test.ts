import { describe, expect, it } from "vitest";
import type { Db } from "./client";
import { readSearchIndex, setSearchIndexer } from "./search-index";
import type { SearchIndexer } from "./search-indexer";

const fakeIndexer = (caughtUp: boolean, rows: unknown[]): SearchIndexer => ({
  poke() {},
  caughtUp: async () => caughtUp,
  read: <T>() => rows as T[],
  stop: async () => {},
});

describe("readSearchIndex", () => {
  it("reads the index once caught up, and times the search for the database metrics", async () => {
    const db = {} as Db;
    const timed: [string, number][] = [];
    const late: number[] = [];
    setSearchIndexer(db, fakeIndexer(true, [{ seq: 7 }]), { timer: (operation, seconds) => timed.push([operation, seconds]), onLate: (ms) => late.push(ms) });
    expect(await readSearchIndex(db, "SELECT 1", [])).toEqual([{ seq: 7 }]);
    expect(timed).toHaveLength(1);
    expect(timed[0]![0]).toBe("query");
    expect(timed[0]![1]).toBeGreaterThanOrEqual(0);
    expect(late).toEqual([]);
  });

  it("says when it read an index that had not caught up, and still answers", async () => {
    const db = {} as Db;
    const late: number[] = [];
    setSearchIndexer(db, fakeIndexer(false, []), { onLate: (ms) => late.push(ms) });
    expect(await readSearchIndex(db, "SELECT 1", [])).toEqual([]);
    expect(late).toHaveLength(1);
  });

  it("refuses a client without an indexer", async () => {
    const db = {} as Db;
    setSearchIndexer(db, undefined);
    await expect(readSearchIndex(db, "SELECT 1", [])).rejects.toThrow(/search indexer/);
  });
});
