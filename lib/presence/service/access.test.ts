import { describe, expect, it } from "vitest";
import type { PresenceView } from "@/lib/protocol/presence";
import { type AccessRule, DEFAULT_RULES } from "../rules/evaluate-access";
import { createAccess } from "./access";
import { addMutualContacts, testEntry } from "./test-entry";

const T0 = Date.UTC(2026, 11, 6, 12);
const rule = (userId: string, action: AccessRule["action"]): AccessRule => ({
  subject: { type: "user", userId },
  action,
  hiddenTupleIds: [],
  hideLastSeen: false,
});

/** Alice, online with a note, who blocks Mallory; Bob is her contact. */
function setup() {
  const alice = testEntry("alice", { note: "hello", devices: [{ id: "tab", label: "Firefox", idle: false, since: T0 }] });
  alice.policy = { ...alice.policy, rules: [rule("mallory", "block"), ...DEFAULT_RULES] };
  addMutualContacts(alice, "bob");
  const sends: { watcherIds: readonly string[]; view: PresenceView }[] = [];
  const opened: [string, string[]][] = [];
  const access = createAccess({
    state: { get: async () => alice, isHidden: () => false, loadVisibility: async () => {} },
    notifier: { presenceChanged: (watcherIds, view) => void sends.push({ watcherIds, view }) },
    now: () => T0,
  });
  access.onViewsOpened((presentityId, watcherIds) => void opened.push([presentityId, watcherIds]));
  return { alice, access, sends, opened };
}

describe("access and views", () => {
  it("gives a blocked watcher who neither holds nor follows the presentity no view at all", () => {
    const { alice, access } = setup();
    expect(access.blocks(alice, "mallory")).toBe(true);
    expect(access.lookupView(alice, "mallory")).toBeNull();
    expect(access.blocks(alice, "bob")).toBe(false);
    expect(access.lookupView(alice, "bob")?.status.note).toBe("hello");
  });

  it("shows a blocked follower the presentity offline, not missing", () => {
    const { alice, access } = setup();
    alice.relations.follow("mallory");
    const view = access.lookupView(alice, "mallory");
    expect(view?.status).toMatchObject({ basic: "closed", note: null });
  });

  it("tells the watcher's other tabs when a caller's answer moves its view on, and only watchers in the audience", () => {
    const { alice, access, sends } = setup();
    access.contactView(alice, "bob");
    expect(sends.map((send) => send.watcherIds)).toEqual([["bob"]]);
    access.lookupView(alice, "carol");
    expect(sends).toHaveLength(1);
    access.contactView(alice, "bob");
    expect(sends).toHaveLength(1);
  });

  it("answers hiddenFrom without giving the watcher anything, and reports the view opening later", async () => {
    const { alice, access, sends, opened } = setup();
    alice.policy = { ...alice.policy, invisible: true };
    expect(await access.hiddenFrom("alice", "bob")).toBe(true);
    expect(sends).toEqual([]);
    alice.policy = { ...alice.policy, invisible: false };
    alice.watchers.clearDecisions();
    expect(await access.hiddenFrom("alice", "bob")).toBe(false);
    expect(opened).toEqual([["alice", ["bob"]]]);
    expect(sends).toEqual([]);
  });
});
