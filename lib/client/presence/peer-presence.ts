// The presence of people who are not on my buddy list, for as long as something shows them
// (the conversation header): fetched with `presence:fetch { follow: true }`, kept live by
// `presence:changed` under the protocol's version rule, fetched again after a reconnect (the
// server forgets a socket's follows with the socket) and unfollowed when nothing shows them.
import type { PresenceView } from "@/lib/protocol";
import { ErrorCode } from "@/lib/protocol/errors";
import { sendCommand } from "@/lib/client/connection/commands";
import type { ClientSocket } from "@/lib/client/connection/connection";
import { createListeners } from "@/lib/client/store";

export type PeerEntry = {
  /** Null before the first answer, and when they cannot be seen (no such account, or it blocks me). */
  view: PresenceView | null;
  /** False until the first answer. */
  loaded: boolean;
};

type PeerSocket = Pick<ClientSocket, "on" | "off" | "timeout" | "connected">;

/** The version rule: a view replaces the held one unless it is older (notifications and answers cross). */
export function newerView(held: PresenceView | null, view: PresenceView): PresenceView {
  return held && view.version < held.version ? held : view;
}

const keyOf = (username: string) => username.trim().toLowerCase();

export function createPeerPresence(socket: PeerSocket) {
  const entries = new Map<string, PeerEntry>();
  /** How many views show each followed name. */
  const followers = new Map<string, number>();
  /** The fetch on its way per name, with the newest notification that arrived meanwhile. */
  const inFlight = new Map<string, { request: number; newest: PresenceView | null }>();
  const listeners = createListeners();
  let requests = 0;

  const setEntry = (username: string, entry: PeerEntry) => {
    const held = entries.get(username);
    if (held && held.loaded === entry.loaded && held.view === entry.view) return;
    entries.set(username, entry);
    listeners.notify();
  };

  async function fetchFollowing(username: string) {
    const request = ++requests;
    const flight = { request, newest: null as PresenceView | null };
    inFlight.set(username, flight);
    const ack = await sendCommand(socket, "presence:fetch", { username, follow: true });
    // A newer fetch took over, or nothing shows them any more.
    if (inFlight.get(username) !== flight) return;
    inFlight.delete(username);
    const held = entries.get(username)?.view ?? null;
    if (ack.ok) {
      // The answer is a fresh start (after a server restart versions begin again), but a
      // notification sent after it was made is newer still.
      const view = flight.newest ? newerView(ack.data, flight.newest) : ack.data;
      setEntry(username, { view, loaded: true });
    } else if (ack.error.code === ErrorCode.not_found) {
      setEntry(username, { view: null, loaded: true });
    } else {
      // No answer (connection trouble): keep what is shown; the next connect asks again.
      setEntry(username, { view: held, loaded: true });
    }
  }

  const onChanged = (view: PresenceView) => {
    const username = keyOf(view.username);
    if (!followers.has(username)) return;
    const flight = inFlight.get(username);
    if (flight) flight.newest = flight.newest ? newerView(flight.newest, view) : view;
    const entry = entries.get(username);
    // Before the first answer, that answer decides (with this view in hand).
    if (!entry?.loaded) return;
    setEntry(username, { view: entry.view ? newerView(entry.view, view) : view, loaded: true });
  };

  const onConnect = () => {
    for (const username of followers.keys()) void fetchFollowing(username);
  };

  return {
    /** What is known of `username`, if followed. The same object until it changes. */
    get: (username: string): PeerEntry | undefined => entries.get(keyOf(username)),
    subscribe: listeners.subscribe,
    /** Keeps `username` live while the returned release is not called. */
    follow(username: string): () => void {
      const key = keyOf(username);
      const count = followers.get(key) ?? 0;
      followers.set(key, count + 1);
      if (count === 0) {
        setEntry(key, { view: null, loaded: false });
        // Not connected yet: the connect handler fetches.
        if (socket.connected) void fetchFollowing(key);
      }
      let released = false;
      return () => {
        if (released) return;
        released = true;
        const left = (followers.get(key) ?? 1) - 1;
        if (left > 0) {
          followers.set(key, left);
          return;
        }
        followers.delete(key);
        inFlight.delete(key);
        entries.delete(key);
        listeners.notify();
        if (socket.connected) void sendCommand(socket, "presence:unfollow", { username: key });
      };
    },
    /** The session ended: forget everyone (the server dropped the follows with the socket). */
    reset() {
      followers.clear();
      inFlight.clear();
      if (entries.size === 0) return;
      entries.clear();
      listeners.notify();
    },
    /** Attaches the listeners; returns the detach. */
    attach(): () => void {
      socket.on("connect", onConnect);
      socket.on("presence:changed", onChanged);
      return () => {
        socket.off("connect", onConnect);
        socket.off("presence:changed", onChanged);
      };
    },
  };
}
export type PeerPresenceStore = ReturnType<typeof createPeerPresence>;
