// The buddy list as this tab knows it: the last snapshot the server sent, with each
// NOTIFICATION (presence:changed) applied on top. Pure reducers plus a tiny store that React
// subscribes to; the socket provider feeds it.
import type { BuddyListSnapshot, Contact, ContactGroup, PresenceView } from "@/lib/protocol";
import type { ClientSocket } from "@/lib/client/connection/connection";
import { createStore } from "@/lib/client/store";

export type BuddyListState = Omit<BuddyListSnapshot, "me"> & {
  /** False until the first snapshot arrives, so the UI can tell "loading" from "empty". */
  loaded: boolean;
  /** Null until the first snapshot: the presentity this tab speaks for. */
  me: PresenceView | null;
};

export const initialBuddyListState: BuddyListState = { loaded: false, me: null, contacts: [], incoming: [], groups: [] };

const byPosition = (a: ContactGroup, b: ContactGroup) => a.position - b.position;

/** A snapshot replaces everything: it is the server's whole truth at that moment. */
export function applySnapshot(_state: BuddyListState, snapshot: BuddyListSnapshot): BuddyListState {
  return { ...snapshot, groups: [...snapshot.groups].sort(byPosition), loaded: true };
}

/**
 * A notification replaces the stored view of its presentity (me, or one contact) unless it is
 * older than what we hold: notifications and command answers can cross on the wire.
 * Returns the same object when nothing changes, so subscribers do not re-render.
 */
export function applyPresence(state: BuddyListState, view: PresenceView): BuddyListState {
  if (state.me && view.username === state.me.username) {
    return view.version >= state.me.version ? { ...state, me: view } : state;
  }
  const index = state.contacts.findIndex((contact) => contact.username === view.username);
  const contact = state.contacts[index];
  // Not on my list (yet): the snapshot that adds it will carry its presence.
  if (!contact || view.version < contact.presence.version) return state;
  const contacts: Contact[] = state.contacts.with(index, { ...contact, displayName: view.displayName, presence: view });
  return { ...state, contacts };
}

export function createBuddyListStore() {
  const { getState, subscribe, set } = createStore(initialBuddyListState);
  return {
    getState,
    subscribe,
    receiveSnapshot: (snapshot: BuddyListSnapshot) => set(applySnapshot(getState(), snapshot)),
    receivePresence: (view: PresenceView) => set(applyPresence(getState(), view)),
    /** The session ended: nothing of the account stays (until a snapshot, if ever). */
    reset: () => set(initialBuddyListState),
  };
}
export type BuddyListStore = ReturnType<typeof createBuddyListStore>;

/** Feeds the store from the socket's snapshots and notifications; returns the detach. */
export function feedBuddyList(socket: ClientSocket, store: BuddyListStore): () => void {
  socket.on("buddylist:snapshot", store.receiveSnapshot);
  socket.on("presence:changed", store.receivePresence);
  return () => {
    socket.off("buddylist:snapshot", store.receiveSnapshot);
    socket.off("presence:changed", store.receivePresence);
  };
}
