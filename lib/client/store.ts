// The shape React reads with useSyncExternalStore, shared by the client's stores: a snapshot,
// and a subscription told (without arguments) when the snapshot may have changed.
export type Listener = () => void;
export type Unsubscribe = () => void;

/** A set of listeners: `subscribe` adds one and returns its removal, `notify` calls them all. */
export function createListeners() {
  const listeners = new Set<Listener>();
  return {
    subscribe(listener: Listener): Unsubscribe {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    notify() {
      for (const listener of listeners) listener();
    },
    get size() {
      return listeners.size;
    },
  };
}

/**
 * A value with subscribers. `set` tells them only when it is given a different object, so a
 * reducer that returns the same state for "nothing changed" costs no re-render.
 */
export function createStore<T>(initial: T) {
  let state = initial;
  const listeners = createListeners();
  return {
    getState: () => state,
    subscribe: listeners.subscribe,
    set(next: T) {
      if (next === state) return;
      state = next;
      listeners.notify();
    },
  };
}
