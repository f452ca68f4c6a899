import { describe, expect, it, vi } from "vitest";
import { createListeners, createStore } from "./store";

describe("createStore", () => {
  it("tells subscribers of a new state, not of the same one, and stops after unsubscribe", () => {
    const store = createStore({ count: 0 });
    const listener = vi.fn();
    const unsubscribe = store.subscribe(listener);
    store.set(store.getState());
    expect(listener).not.toHaveBeenCalled();
    store.set({ count: 1 });
    expect(listener).toHaveBeenCalledTimes(1);
    expect(store.getState()).toEqual({ count: 1 });
    unsubscribe();
    store.set({ count: 2 });
    expect(listener).toHaveBeenCalledTimes(1);
  });
});

describe("createListeners", () => {
  it("counts its listeners and calls each on notify", () => {
    const listeners = createListeners();
    const first = vi.fn();
    const off = listeners.subscribe(first);
    listeners.subscribe(() => {});
    expect(listeners.size).toBe(2);
    listeners.notify();
    expect(first).toHaveBeenCalledTimes(1);
    off();
    expect(listeners.size).toBe(1);
  });
});
