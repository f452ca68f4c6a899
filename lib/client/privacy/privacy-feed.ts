// Feeds the privacy store from the tab's one socket: settings on every (re)connect and on
// `privacy:changed`; watcher information while a view wants it, refetched after each
// `watchers:event` (debounced, so a burst of watching costs one query).
import type { PrivacySettings, WatchNotice } from "@/lib/protocol";
import { sendCommand } from "@/lib/client/connection/commands";
import type { ClientSocket } from "@/lib/client/connection/connection";
import type { PrivacyStore } from "./privacy-store";

const WATCHERS_REFETCH = {
  /** Quiet time after the last watch event before the list is fetched again. */
  debounceMs: 500,
  /**
   * The server writes watch records in batches every 5 s, and its list reads only written
   * ones: a second fetch after that catches the watching the first one was too early for.
   */
  settleMs: 6_000,
};

type FeedSocket = Pick<ClientSocket, "on" | "off" | "timeout" | "connected">;

/** A call that runs `delayMs` after the last time it was asked for. */
function debounced(run: () => void, delayMs: number) {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return {
    schedule() {
      clearTimeout(timer);
      timer = setTimeout(run, delayMs);
    },
    cancel: () => clearTimeout(timer),
  };
}

/** Attaches the listeners; returns the detach. */
export function feedPrivacy(socket: FeedSocket, store: PrivacyStore, timing = WATCHERS_REFETCH): () => void {
  // Answers can cross on the wire: only the newest request's answer is applied.
  let latestRequest = 0;

  async function fetchSettings() {
    const ack = await sendCommand(socket, "privacy:get");
    if (ack.ok) store.receiveSettings(ack.data);
  }

  async function fetchWatchers() {
    if (!store.watchersWanted() || !socket.connected) return;
    const request = ++latestRequest;
    const ack = await sendCommand(socket, "watchers:get");
    if (request !== latestRequest) return;
    store.dispatch(ack.ok ? { type: "watchers", watchers: ack.data } : { type: "watchers-failed", error: ack.error });
  }

  const soon = debounced(() => void fetchWatchers(), timing.debounceMs);
  const settled = debounced(() => void fetchWatchers(), timing.settleMs);
  // Now, and again once the server has written the watching of the last few seconds.
  const fetchWatchersTwice = () => {
    void fetchWatchers();
    settled.schedule();
  };
  const onConnect = () => {
    void fetchSettings();
    fetchWatchersTwice();
  };
  const onChanged = (settings: PrivacySettings) => {
    store.receiveSettings(settings);
    // Retention and my own visibility change what the watcher list shows.
    soon.schedule();
  };
  const onWatched = (notice: WatchNotice) => {
    store.dispatch({ type: "watched", notice });
    soon.schedule();
    settled.schedule();
  };

  socket.on("connect", onConnect);
  socket.on("privacy:changed", onChanged);
  socket.on("watchers:event", onWatched);
  const stopWanting = store.onWatchersWanted(fetchWatchersTwice);
  if (socket.connected) onConnect();

  return () => {
    socket.off("connect", onConnect);
    socket.off("privacy:changed", onChanged);
    socket.off("watchers:event", onWatched);
    stopWanting();
    soon.cancel();
    settled.cancel();
  };
}
