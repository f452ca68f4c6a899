import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { PresenceView } from "@/lib/protocol/presence";
import type { ClusterMessage } from "../cluster";
import type { PresentityEntry } from "../presence-state";
import { PRESENCE_COALESCE_MS } from "../timing";
import { createAccess } from "./access";
import { createFanOut } from "./fan-out";
import { addMutualContacts, testEntry } from "./test-entry";

const T0 = Date.UTC(2026, 11, 6, 12);

/** Alice with two contacts who hold her (the default rules allow contacts everything). */
function setup() {
  const alice = testEntry("alice", { devices: [{ id: "tab", label: "Firefox", idle: false, since: T0 }] });
  addMutualContacts(alice, "bob", "carol");
  const sends: { watcherIds: readonly string[]; view: PresenceView }[] = [];
  const broadcasts: ClusterMessage[] = [];
  const state = {
    get: async () => alice,
    peek: (id: string) => (id === "alice" ? alice : undefined),
    isHidden: () => false,
    loadVisibility: async () => {},
  };
  const notifier = { presenceChanged: (watcherIds: readonly string[], view: PresenceView) => void sends.push({ watcherIds, view }) };
  const access = createAccess({ state, notifier, now: Date.now });
  const fanOut = createFanOut({ state, access, notifier, cluster: { broadcast: (message) => void broadcasts.push(message) }, now: Date.now });
  return { alice, access, fanOut, sends, broadcasts };
}

function setNote(entry: PresentityEntry, note: string) {
  entry.doc.note = note;
  entry.doc.version += 1;
}

describe("fan-out", () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(T0);
  });
  afterEach(() => vi.useRealTimers());

  it("tells watchers given the same content at the same version in one send, and nobody whose view did not move", () => {
    const { alice, fanOut, sends } = setup();
    fanOut.publish(alice);
    expect(sends.map((send) => [...send.watcherIds])).toEqual([["alice", "bob", "carol"]]);
    sends.length = 0;
    fanOut.publish(alice);
    expect(sends).toEqual([]);
  });

  it("sends the first change of a burst at once and the rest together at the end of the window", async () => {
    const { alice, fanOut, sends, broadcasts } = setup();
    fanOut.publish(alice);
    sends.length = 0;

    setNote(alice, "one");
    fanOut.changed(alice);
    expect(sends.map((send) => send.view.status.note)).toEqual(["one"]);
    expect(broadcasts.map((message) => message.type)).toEqual(["doc"]);

    setNote(alice, "two");
    fanOut.changed(alice);
    setNote(alice, "three");
    fanOut.changed(alice);
    expect(sends).toHaveLength(1);

    await vi.advanceTimersByTimeAsync(PRESENCE_COALESCE_MS);
    expect(sends.map((send) => send.view.status.note)).toEqual(["one", "three"]);
    expect(broadcasts).toHaveLength(2);
    // Each watcher's version moved once per content it was given.
    expect(sends.map((send) => send.view.version)).toEqual([2, 3]);
  });

  it("publishes a waiting change at once on shutdown", () => {
    const { alice, fanOut, sends } = setup();
    fanOut.changed(alice);
    setNote(alice, "late");
    fanOut.changed(alice);
    fanOut.flushCoalesced();
    expect(sends.map((send) => send.view.status.note)).toEqual([null, "late"]);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("after a decision change, freezes a past fetcher's hidden view at that moment without telling it", () => {
    const { alice, access, fanOut, sends } = setup();
    expect(access.blocks(alice, "dave")).toBe(false);
    alice.policy = { ...alice.policy, invisible: true };
    alice.watchers.clearDecisions();
    vi.setSystemTime(T0 + 5_000);
    fanOut.publish(alice, true);
    expect(sends.flatMap((send) => send.watcherIds)).not.toContain("dave");
    expect(alice.watchers.record("dave").hiddenSince).toBe(T0 + 5_000);
  });
});
