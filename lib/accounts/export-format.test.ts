import { describe, expect, it } from "vitest";
import type { ExportStore } from "@/lib/db/export-store";
import type { ShownWatcher } from "@/lib/presence/watcher-info";
import { buildExport } from "./export-format";

type Collected = Awaited<ReturnType<ExportStore["collect"]>>;

const since = new Date("2026-11-01T10:00:00.000Z");

/** An account with nothing but these watchers. */
function collected(watcherIds: string[]): Collected {
  return {
    user: { username: "alice", displayName: "Alice", createdAt: since },
    presentity: null,
    tuples: [],
    groups: [],
    watching: [],
    watchers: watcherIds.map((watcherId) => ({ watcherId, state: "active", createdAt: since })),
    rules: [],
    visibility: [],
    tokens: [],
    inbox: null,
    conversations: [],
    messages: [],
    names: new Map(),
  } as unknown as Collected;
}

const named = (username: string): ShownWatcher => ({ counted: false, username, displayName: username });

describe("the export's watchers", () => {
  it("lists watchers as watcher information shows them: hidden ones counted, withheld names null", () => {
    const shown = new Map<string, ShownWatcher>([
      ["u-bob", named("bob")],
      ["u-carol", { counted: true }],
      ["u-dave", { counted: false, username: null, displayName: null }],
    ]);
    const data = buildExport(collected(["u-bob", "u-carol", "u-dave", "u-deleted"]), new Date(), { watchers: shown });
    expect(data.watchers).toEqual([
      { username: "bob", subscription: "active", since: since.toISOString() },
      { username: null, subscription: "active", since: since.toISOString() },
    ]);
    expect(data.hiddenWatchers).toBe(1);
  });

  it("names nobody it was not told how to show", () => {
    const data = buildExport(collected(["u-bob"]), new Date(), { watchers: new Map() });
    expect(data.watchers).toEqual([]);
    expect(JSON.stringify(data)).not.toContain("u-bob");
  });
});
