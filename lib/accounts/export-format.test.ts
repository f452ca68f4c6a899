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
    const data = buildExport(collected(["u-bob", "u-carol", "u-dave", "u-deleted"]), new Date(), { watchers: shown, knownPeople: new Set() });
    expect(data.watchers).toEqual([
      { username: "bob", subscription: "active", since: since.toISOString() },
      { username: null, subscription: "active", since: since.toISOString() },
    ]);
    expect(data.hiddenWatchers).toBe(1);
  });

  it("names nobody it was not told how to show", () => {
    const data = buildExport(collected(["u-bob"]), new Date(), { watchers: new Map(), knownPeople: new Set() });
    expect(data.watchers).toEqual([]);
    expect(JSON.stringify(data)).not.toContain("u-bob");
  });
});

describe("the export's rules", () => {
  it("leave out rules about people I may not know of, as if their accounts were deleted", () => {
    const data = buildExport(
      {
        ...collected([]),
        rules: [
          { subjectType: "user", subjectId: "u-blocker", action: "allow", hideLastSeen: false, hiddenTupleIds: "[]" },
          { subjectType: "user", subjectId: "u-bob", action: "block", hideLastSeen: false, hiddenTupleIds: "[]" },
          { subjectType: "contacts", subjectId: null, action: "allow", hideLastSeen: false, hiddenTupleIds: "[]" },
        ],
        visibility: [
          { presentityId: "*", visibility: "visible" },
          { presentityId: "u-blocker", visibility: "hidden" },
          { presentityId: "u-bob", visibility: "hidden" },
        ],
        names: new Map([
          ["u-blocker", "blocker"],
          ["u-bob", "bob"],
        ]),
      } as unknown as Collected,
      new Date(),
      { watchers: new Map(), knownPeople: new Set(["u-bob"]) },
    );
    expect(data.accessRules.map((rule) => rule.subject)).toEqual([{ type: "user", username: "bob" }, { type: "contacts", id: null }]);
    expect(data.visibilityRules).toEqual([
      { presentity: "*", visibility: "visible" },
      { presentity: "bob", visibility: "hidden" },
    ]);
    expect(JSON.stringify(data)).not.toContain("blocker");
  });
});
