import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { PresenceView } from "@/lib/protocol/presence";
import { createAccess } from "./access";
import { createFanOut } from "./fan-out";
import { createHiddenExpiry } from "./hidden-expiry";
import { addMutualContacts, testEntry } from "./test-entry";

const T0 = Date.UTC(2026, 11, 6, 12);

/** Alice online with a note that expires in a minute, held by her contact Bob. */
function setup() {
  const alice = testEntry("alice", {
    devices: [{ id: "tab", label: "Firefox", idle: false, since: T0 }],
    availability: "busy",
    note: "in a meeting",
    statusExpiresAt: T0 + 60_000,
  });
  addMutualContacts(alice, "bob");
  const sends: { watcherIds: readonly string[]; view: PresenceView }[] = [];
  const state = { get: async () => alice, peek: (id: string) => (id === "alice" ? alice : undefined), isHidden: () => false, loadVisibility: async () => {} };
  const notifier = { presenceChanged: (watcherIds: readonly string[], view: PresenceView) => void sends.push({ watcherIds, view }) };
  const access = createAccess({ state, notifier, now: Date.now });
  const fanOut = createFanOut({ state, access, notifier, cluster: { broadcast: () => {} }, now: Date.now, published: (entry) => hiddenExpiry.watch(entry) });
  const hiddenExpiry = createHiddenExpiry({ state, now: Date.now, publish: fanOut.publish });
  const toBob = () => sends.filter((send) => send.watcherIds.includes("bob")).map((send) => send.view);
  return { alice, fanOut, hiddenExpiry, toBob };
}

describe("expiry under hidden views", () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(T0);
  });
  afterEach(() => vi.useRealTimers());

  it("tells a watcher its frozen note expired when it was due, whatever the presentity did meanwhile", async () => {
    const { alice, fanOut, toBob } = setup();
    fanOut.publish(alice);
    vi.setSystemTime(T0 + 5_000);
    alice.policy = { ...alice.policy, invisible: true };
    alice.watchers.clearDecisions();
    fanOut.publish(alice, true);
    expect(toBob().at(-1)?.status).toMatchObject({ basic: "closed", note: "in a meeting", expiresAt: new Date(T0 + 60_000).toISOString() });

    // A new note that never expires stays unseen; the frozen one still expires on time.
    Object.assign(alice.doc, { note: "secret", statusExpiresAt: null, version: alice.doc.version + 1 });
    fanOut.publish(alice);
    expect(toBob()).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(54_999);
    expect(toBob()).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(toBob()).toHaveLength(3);
    expect(toBob()[2]).toMatchObject({
      version: 3,
      status: { basic: "closed", availability: null, note: null, expiresAt: null, lastSeenAt: new Date(T0 + 5_000).toISOString() },
    });
    expect(vi.getTimerCount()).toBe(0);
  });

  it("arms nothing while no frozen view holds an expiring note, and stops on shutdown", () => {
    const { alice, fanOut, hiddenExpiry } = setup();
    fanOut.publish(alice);
    expect(vi.getTimerCount()).toBe(0);
    alice.policy = { ...alice.policy, invisible: true };
    alice.watchers.clearDecisions();
    fanOut.publish(alice, true);
    expect(vi.getTimerCount()).toBe(1);
    hiddenExpiry.stop();
    expect(vi.getTimerCount()).toBe(0);
  });
});
