import { describe, expect, it } from "vitest";
import { initialInboxState, type OutboxEntry } from "./inbox-state";
import { createInboxStore } from "./inbox-store";
import { loadOutbox, persistOutbox } from "./outbox-storage";

function memoryStorage() {
  const values = new Map<string, string>();
  return {
    values,
    getItem: (key: string) => values.get(key) ?? null,
    setItem: (key: string, value: string) => void values.set(key, value),
    removeItem: (key: string) => void values.delete(key),
  };
}

const entry: OutboxEntry = {
  clientId: "1b4e28ba-2fa1-41d2-883f-0016d3cca427",
  peer: "bob",
  body: "still on its way",
  createdAt: "2026-11-05T12:00:00.000Z",
  state: "sending",
  error: null,
};

describe("outbox storage", () => {
  it("keeps the outbox across a reload, and forgets it once empty", () => {
    const storage = memoryStorage();
    const store = createInboxStore();
    persistOutbox(store, storage);
    store.dispatch({ type: "queued", entry });
    store.dispatch({ type: "send-failed", clientId: entry.clientId, error: { code: "rate_limited", message: "Slow down", retryAfter: 3 } });
    expect(loadOutbox(storage)).toEqual([{ ...entry, state: "failed", error: { code: "rate_limited", message: "Slow down", retryAfter: 3 } }]);

    const reloaded = createInboxStore({ ...initialInboxState, outbox: loadOutbox(storage) });
    persistOutbox(reloaded, storage);
    reloaded.dispatch({ type: "discard", clientId: entry.clientId });
    expect(storage.values.size).toBe(0);
  });

  it("ignores what it cannot trust", () => {
    const storage = memoryStorage();
    storage.setItem("buddylist.outbox", "{not json");
    expect(loadOutbox(storage)).toEqual([]);
    storage.setItem("buddylist.outbox", JSON.stringify([{ ...entry, clientId: "not-a-uuid" }]));
    expect(loadOutbox(storage)).toEqual([]);
    expect(loadOutbox(undefined)).toEqual([]);
  });

  it("drops the stored messages when the session ends: they are not the next account's to send", () => {
    const storage = memoryStorage();
    const store = createInboxStore();
    persistOutbox(store, storage);
    store.dispatch({ type: "queued", entry });
    expect(storage.values.size).toBe(1);
    store.dispatch({ type: "reset" });
    expect(storage.values.size).toBe(0);
  });
});
