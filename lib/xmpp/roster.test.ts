import { describe, expect, it } from "vitest";
import { contact, view } from "@/lib/client/testing/presence-fixtures";
import type { BuddyListSnapshot } from "@/lib/protocol/buddy-list";
import { newRequests, renamedItem, type RosterItem, rosterChanges, rosterFingerprint, rosterFingerprints, rosterItems } from "./roster";

function snapshot(overrides: Partial<BuddyListSnapshot> = {}): BuddyListSnapshot {
  return { me: view("me"), contacts: [], incoming: [], groups: [], ...overrides };
}
/** A contact with a display name, as both the buddy list and its presence view carry it. */
const named = (username: string, displayName: string, overrides: Parameters<typeof contact>[1] = {}) =>
  contact(username, { displayName, presence: view(username, { displayName }), ...overrides });
const request = (username: string) => ({ username, displayName: username, requestedAt: "2026-12-01T00:00:00.000Z" });

describe("rosterItems", () => {
  it("maps my subscription and theirs to both/to/from/none, and a pending request to ask", () => {
    const items = rosterItems(
      snapshot({
        contacts: [
          contact("both", { subscription: "active", watchesMe: true }),
          contact("to", { subscription: "active", watchesMe: false }),
          contact("from", { subscription: "pending", watchesMe: true }),
          contact("none", { subscription: "pending", watchesMe: false }),
        ],
      }),
    );
    expect([...items.values()].map(({ username, subscription, ask }) => [username, subscription, ask])).toEqual([
      ["both", "both", false],
      ["to", "to", false],
      ["from", "from", true],
      ["none", "none", true],
    ]);
  });

  it("names groups by name, sorted, and drops a group id the list does not have", () => {
    const items = rosterItems(
      snapshot({
        groups: [
          { id: "g1", name: "Work", position: 0 },
          { id: "g2", name: "Family", position: 1 },
        ],
        contacts: [named("ann", "Ann A.", { groupIds: ["g1", "gone", "g2"] })],
      }),
    );
    expect(items.get("ann")).toEqual({ username: "ann", name: "Ann A.", subscription: "both", ask: false, groups: ["Family", "Work"] });
  });

  it("is empty for an empty buddy list", () => {
    expect(rosterItems(snapshot()).size).toBe(0);
  });
});

describe("rosterChanges", () => {
  const before = rosterFingerprints(rosterItems(snapshot({ contacts: [contact("ann"), contact("bob", { subscription: "pending", watchesMe: false })] })));

  it("pushes nothing when nothing changed", () => {
    expect(rosterChanges(before, rosterItems(snapshot({ contacts: [contact("ann"), contact("bob", { subscription: "pending", watchesMe: false })] })))).toEqual({
      set: [],
      removed: [],
    });
  });

  it("pushes added and changed items as they are now, and names removed ones", () => {
    const after = rosterItems(
      snapshot({
        groups: [{ id: "g", name: "Friends", position: 0 }],
        contacts: [contact("bob", { subscription: "active", watchesMe: false, groupIds: ["g"] }), contact("cy")],
      }),
    );
    const { set, removed } = rosterChanges(before, after);
    expect(set.map((item) => [item.username, item.subscription, item.ask, item.groups])).toEqual([
      ["bob", "to", false, ["Friends"]],
      ["cy", "both", false, []],
    ]);
    expect(removed).toEqual(["ann"]);
  });

  it("sees a renamed contact or a changed group list as a change", () => {
    const renamed = rosterItems(snapshot({ contacts: [named("ann", "Annie"), contact("bob", { subscription: "pending", watchesMe: false })] }));
    expect(rosterChanges(before, renamed).set.map((item) => item.name)).toEqual(["Annie"]);
  });
});

describe("roster names", () => {
  it("are the names the web buddy list shows: the contacts' presence views'", () => {
    const stale = contact("ann", { displayName: "Ann (stored)", presence: view("ann", { displayName: "Ann (shown)" }) });
    expect(rosterItems(snapshot({ contacts: [stale] })).get("ann")?.name).toBe("Ann (shown)");
  });
});

describe("renamedItem", () => {
  const sent: RosterItem = { username: "ann", name: "Ann", subscription: "to", ask: false, groups: ["Work"] };

  it("is the item as the session was sent it, with the new name", () => {
    expect(renamedItem("ann", rosterFingerprint(sent), "Annie")).toEqual({ ...sent, name: "Annie" });
  });

  it("is null for the same name or an item the session was not sent", () => {
    expect(renamedItem("ann", rosterFingerprint(sent), "Ann")).toBeNull();
    expect(renamedItem("ann", undefined, "Annie")).toBeNull();
  });
});

describe("newRequests", () => {
  it("names the requests that appeared since the last snapshot, each once", () => {
    expect(newRequests([], snapshot({ incoming: [request("ann")] }))).toEqual([request("ann")]);
    expect(newRequests(["ann"], snapshot({ incoming: [request("ann"), request("bob")] }))).toEqual([request("bob")]);
    expect(newRequests(["ann"], snapshot({ incoming: [] }))).toEqual([]);
  });
});

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
