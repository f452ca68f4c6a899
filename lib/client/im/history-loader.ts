// Loads a conversation's history into the inbox store: the newest page when it opens (again
// after a reconnect, to pick up statuses and deletions missed), older pages as the person
// scrolls up, or as many as it takes to reach a message found by search. Received messages on a
// page count as delivered to this device.
import type { InstantMessage } from "@/lib/protocol";
import { sendCommand } from "@/lib/client/connection/commands";
import type { ClientSocket } from "@/lib/client/connection/connection";
import type { DeliveryConfirmer } from "./delivery-confirmer";
import type { InboxStore } from "./inbox-store";

const HISTORY_PAGE_SIZE = 50;
/** How far back a jump to a search result may page (50 messages a page). */
const MAX_PAGES_BACK = 40;

type LoaderSocket = Pick<ClientSocket, "timeout">;

const incomingIds = (messages: InstantMessage[]) =>
  messages.filter((message) => message.direction === "incoming").map((message) => message.id);

export function createHistoryLoader(socket: LoaderSocket, store: InboxStore, confirmer: Pick<DeliveryConfirmer, "confirm">) {
  /** One request per conversation and kind at a time; callers asking meanwhile share it. */
  const inFlight = new Map<string, Promise<void>>();

  function load(peer: string, older: boolean): Promise<void> {
    const key = `${older ? "older" : "newest"}\n${peer}`;
    const running = inFlight.get(key);
    if (running) return running;
    const history = store.getState().histories.get(peer);
    const beforeSeq = older ? history?.messages[0]?.seq : undefined;
    if (older && (!history?.hasMore || history.phase !== "ready" || beforeSeq === undefined)) return Promise.resolve();

    const request = (async () => {
      const knownUpTo = store.getState().cursor ?? 0;
      store.dispatch({ type: "history-loading", peer, older });
      const ack = await sendCommand(socket, "im:history", { peer, limit: HISTORY_PAGE_SIZE, beforeSeq });
      if (!ack.ok) {
        store.dispatch({ type: "history-failed", peer, error: ack.error });
        return;
      }
      store.dispatch({ type: "history-page", peer, page: ack.data, older, knownUpTo });
      confirmer.confirm(incomingIds(ack.data.messages));
    })().finally(() => inFlight.delete(key));
    inFlight.set(key, request);
    return request;
  }

  return {
    loadNewest: (peer: string) => load(peer, false),
    loadOlder: (peer: string) => load(peer, true),

    /** Pages back until the message with this seq is loaded; false if it is not found. */
    async loadBackTo(peer: string, seq: number): Promise<boolean> {
      if (store.getState().histories.get(peer)?.phase !== "ready") await load(peer, false);
      for (let pages = 0; pages <= MAX_PAGES_BACK; pages += 1) {
        const history = store.getState().histories.get(peer);
        if (!history || history.phase !== "ready") return false;
        const oldest = history.messages[0];
        if (!oldest || oldest.seq <= seq) return history.messages.some((message) => message.seq === seq);
        if (!history.hasMore) return false;
        await load(peer, true);
      }
      return false;
    },
  };
}
