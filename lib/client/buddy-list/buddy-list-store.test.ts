import { describe, expect, it, vi } from "vitest";
import type { BuddyListSnapshot } from "@/lib/protocol";
import { applyPresence, applySnapshot, createBuddyListStore, initialBuddyListState } from "./buddy-list-store";
import { contact, view } from "@/lib/client/testing/presence-fixtures";

const snapshot = (overrides: Partial<BuddyListSnapshot> = {}): BuddyListSnapshot => ({
  me: view("alice", { version: 10 }),
  contacts: [contact("bob", { presence: view("bob", { version: 5 }) })],
  incoming: [],
  groups: [],
  ...overrides,
});

describe("applySnapshot", () => {
  it("replaces the whole state and marks it loaded", () => {
    const first = applySnapshot(initialBuddyListState, snapshot());
    const second = applySnapshot(first, snapshot({ contacts: [], incoming: [{ username: "carol", displayName: "Carol", requestedAt: "2026-01-01T00:00:00.000Z" }] }));
    expect(first.loaded).toBe(true);
    expect(second.contacts).toEqual([]);
    expect(second.incoming.map((request) => request.username)).toEqual(["carol"]);
  });

  it("replaces even newer views: the snapshot is the server's whole truth", () => {
    const state = applyPresence(applySnapshot(initialBuddyListState, snapshot()), view("bob", { version: 9 }));
    expect(applySnapshot(state, snapshot()).contacts[0]?.presence.version).toBe(5);
  });

  it("keeps groups in the person's order", () => {
    const groups = [
      { id: "b", name: "Work", position: 2 },
      { id: "a", name: "Friends", position: 1 },
    ];
    expect(applySnapshot(initialBuddyListState, snapshot({ groups })).groups.map((group) => group.id)).toEqual(["a", "b"]);
  });
});

describe("applyPresence", () => {
  const loaded = applySnapshot(initialBuddyListState, snapshot());

  it("replaces a contact's view with a newer one, display name included", () => {
    const next = applyPresence(loaded, view("bob", { version: 6, displayName: "Bob B.", status: { ...view("bob").status, availability: "busy" } }));
    expect(next.contacts[0]?.presence.status.availability).toBe("busy");
    expect(next.contacts[0]?.displayName).toBe("Bob B.");
  });

  it("accepts an equal version (a resend) and ignores an older one", () => {
    expect(applyPresence(loaded, view("bob", { version: 5, displayName: "again" })).contacts[0]?.displayName).toBe("again");
    expect(applyPresence(loaded, view("bob", { version: 4 }))).toBe(loaded);
  });

  it("updates me when the view is mine, by the same version rule", () => {
    const busy = view("alice", { version: 11, status: { ...view("alice").status, availability: "busy" } });
    expect(applyPresence(loaded, busy).me?.status.availability).toBe("busy");
    expect(applyPresence(loaded, view("alice", { version: 9 }))).toBe(loaded);
  });

  it("ignores views of presentities not on the list, and everything before the first snapshot", () => {
    expect(applyPresence(loaded, view("mallory", { version: 99 }))).toBe(loaded);
    expect(applyPresence(initialBuddyListState, view("alice", { version: 99 }))).toBe(initialBuddyListState);
  });
});

describe("createBuddyListStore", () => {
  it("notifies subscribers on change only", () => {
    const store = createBuddyListStore();
    const listener = vi.fn();
    const unsubscribe = store.subscribe(listener);
    store.receiveSnapshot(snapshot());
    store.receivePresence(view("bob", { version: 1 })); // older: no change
    store.receivePresence(view("bob", { version: 7 }));
    expect(listener).toHaveBeenCalledTimes(2);
    unsubscribe();
    store.receivePresence(view("bob", { version: 8 }));
    expect(listener).toHaveBeenCalledTimes(2);
    expect(store.getState().contacts[0]?.presence.version).toBe(8);
  });

  it("forgets everything when the session ends", () => {
    const store = createBuddyListStore();
    store.receiveSnapshot(snapshot());
    const listener = vi.fn();
    store.subscribe(listener);
    store.reset();
    expect(store.getState()).toBe(initialBuddyListState);
    expect(listener).toHaveBeenCalledTimes(1);
    // Views that cross the end on the wire find no list to land on.
    store.receivePresence(view("bob", { version: 99 }));
    expect(store.getState()).toBe(initialBuddyListState);
  });
});
