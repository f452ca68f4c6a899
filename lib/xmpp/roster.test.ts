import { describe, expect, it } from "vitest";
import { type RosterItem, rosterChanges, rosterFingerprints } from "./roster";

const item = (username: string, changes: Partial<RosterItem> = {}): RosterItem => ({
  username,
  name: username,
  subscription: "both",
  ask: false,
  groups: [],
  ...changes,
});
const roster = (...items: RosterItem[]) => new Map(items.map((entry) => [entry.username, entry]));

describe("roster changes against what a session was sent", () => {
  it("pushes new and changed items (name, subscription, ask, groups) and removes the ones gone", () => {
    const sent = rosterFingerprints(roster(item("ann"), item("bob"), item("cid"), item("dan", { groups: ["a", "b"] }), item("eve")));
    const now = roster(
      item("ann"),
      item("bob", { name: "Bob" }),
      item("cid", { subscription: "to", ask: true }),
      item("dan", { groups: ["a\tb"] }),
      item("fay"),
    );
    const { set, removed } = rosterChanges(sent, now);
    expect(set.map((entry) => entry.username)).toEqual(["bob", "cid", "dan", "fay"]);
    expect(removed).toEqual(["eve"]);
  });

  it("pushes nothing when nothing changed", () => {
    const items = roster(item("ann", { groups: ["x"] }), item("bob"));
    expect(rosterChanges(rosterFingerprints(items), items)).toEqual({ set: [], removed: [] });
  });
});
