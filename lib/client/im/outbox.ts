// The SENDER USER AGENT's outbox. A message gets its client id once, shows at once as
// "sending", and is sent until the server acknowledges it: a send without an answer (timeout,
// dropped connection, server restart) is sent again, with the same client id, when the
// connection is back, and the server stores it once whatever the number of attempts. A refused
// send (rate limit, unknown address, invalid body) waits for the person's "Retry".
// One message at a time, oldest first, so the server stores them in the order they were written.
import { normalizeBody } from "@/lib/protocol/message-body";
import { newClientId } from "./client-id";
import { NO_ANSWER, sendCommand } from "@/lib/client/connection/commands";
import type { ClientSocket } from "@/lib/client/connection/connection";
import type { InboxStore } from "./inbox-store";

type OutboxSocket = Pick<ClientSocket, "on" | "off" | "timeout" | "connected">;

export type OutboxOptions = {
  newId?: () => string;
  now?: () => number;
  /** How long to wait before sending again when a connected server did not answer. */
  retryMs?: number;
};

export function createOutbox(socket: OutboxSocket, store: InboxStore, options: OutboxOptions = {}) {
  const newId = options.newId ?? newClientId;
  const now = options.now ?? Date.now;
  const retryMs = options.retryMs ?? 3_000;
  let sending = false;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;

  async function pump() {
    if (sending) return;
    sending = true;
    clearTimeout(retryTimer);
    try {
      while (socket.connected) {
        const entry = store.getState().outbox.find((candidate) => candidate.state === "sending");
        if (!entry) return;
        const ack = await sendCommand(socket, "im:send", {
          to: entry.peer,
          clientId: entry.clientId,
          body: entry.body,
          ...(entry.replyTo ? { replyTo: entry.replyTo } : {}),
          ...(entry.attachments?.length ? { attachments: entry.attachments } : {}),
        });
        if (ack.ok) {
          store.dispatch({ type: "sent", clientId: entry.clientId, message: ack.data });
        } else if (ack.error === NO_ANSWER) {
          // Maybe stored, maybe not: the same client id makes sending again safe. A dropped
          // connection sends again on "connect"; a slow server gets another try soon.
          if (socket.connected) retryTimer = setTimeout(() => void pump(), retryMs);
          return;
        } else {
          store.dispatch({ type: "send-failed", clientId: entry.clientId, error: ack.error });
        }
      }
    } finally {
      sending = false;
    }
  }

  const onConnect = () => void pump();

  return {
    /**
     * Queues a message to `peer` (a reply when `replyTo` is a message id; with completed uploads,
     * if any) and starts sending it; returns its client id.
     */
    send(peer: string, body: string, options: { replyTo?: string; attachments?: string[] } = {}): string {
      const clientId = newId();
      const { replyTo, attachments = [] } = options;
      const entry = { clientId, peer, body: normalizeBody(body), createdAt: new Date(now()).toISOString(), state: "sending" as const, error: null };
      store.dispatch({
        type: "queued",
        entry: { ...entry, ...(replyTo ? { replyTo } : {}), ...(attachments.length > 0 ? { attachments } : {}) },
      });
      void pump();
      return clientId;
    },
    /** Settles once the server answered this message (stored or refused). */
    answered(clientId: string): Promise<void> {
      return new Promise((resolve) => {
        const settled = () => store.getState().outbox.find((entry) => entry.clientId === clientId)?.state !== "sending";
        if (settled()) return resolve();
        const unsubscribe = store.subscribe(() => {
          if (!settled()) return;
          unsubscribe();
          resolve();
        });
      });
    },
    retry(clientId: string) {
      store.dispatch({ type: "retry", clientId });
      void pump();
    },
    discard(clientId: string) {
      store.dispatch({ type: "discard", clientId });
    },
    /** Sends what waits whenever the connection comes (back); returns the detach. */
    attach(): () => void {
      socket.on("connect", onConnect);
      if (socket.connected) void pump();
      return () => {
        socket.off("connect", onConnect);
        clearTimeout(retryTimer);
      };
    },
  };
}
