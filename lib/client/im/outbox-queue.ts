// The SENDER USER AGENT's outbox, whatever the conversation (one-to-one: outbox.ts, a group:
// groups/group-outbox.ts). A message gets its client id once, shows at once as "sending", and
// is sent until the server acknowledges it: a send without an answer (timeout, dropped
// connection, server restart) is sent again, with the same client id, when the connection is
// back, and the server stores it once whatever the number of attempts. A refused send (rate
// limit, unknown address, invalid body) waits for the person's "Retry". One message at a time,
// oldest first, so the server stores them in the order they were written.
import { NO_ANSWER } from "@/lib/client/connection/commands";
import type { ClientSocket } from "@/lib/client/connection/connection";
import type { Ack, ProtocolError } from "@/lib/protocol";
import { normalizeBody } from "@/lib/protocol/message-body";
import { newClientId } from "./client-id";

export type OutboxSocket = Pick<ClientSocket, "on" | "off" | "timeout" | "connected">;

type Queued = { clientId: string; state: "sending" | "failed" };

/** What every outbox entry holds besides where it goes. */
export type OutboxDraft = {
  /** Chosen once, before the first attempt, and reused for every retry: the server stores it once. */
  clientId: string;
  body: string;
  /** Local time the person pressed send, shown until the server's time replaces it. */
  createdAt: string;
  state: "sending";
  error: null;
  replyTo?: string;
  attachments?: string[];
};

/** What the outbox tells its store; both conversation stores take these actions. */
export type OutboxAction<Entry, Message> =
  | { type: "queued"; entry: Entry }
  | { type: "sent"; clientId: string; message: Message }
  | { type: "send-failed"; clientId: string; error: ProtocolError }
  | { type: "retry"; clientId: string }
  | { type: "discard"; clientId: string };

export type OutboxStore<Entry, Message> = {
  getState(): { outbox: readonly Entry[] };
  subscribe(listener: () => void): () => void;
  dispatch(action: OutboxAction<Entry, Message>): void;
};

export function createOutboxQueue<Entry extends Queued, Message>(deps: {
  socket: OutboxSocket;
  store: OutboxStore<Entry, Message>;
  /** Sends one entry and waits for the server's answer. */
  send: (entry: Entry) => Promise<Ack<Message>>;
  /** How long to wait before sending again when a connected server did not answer (default 3 s). */
  retryMs?: number;
  newId?: () => string;
  now?: () => number;
}) {
  const { socket, store } = deps;
  const retryMs = deps.retryMs ?? 3_000;
  const newId = deps.newId ?? newClientId;
  const now = deps.now ?? Date.now;
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
        const ack = await deps.send(entry);
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
     * Queues a message (a reply when `replyTo` is a message id; with completed uploads, if any),
     * addressed by `address`, and starts sending it; returns its client id.
     */
    queue(address: (draft: OutboxDraft) => Entry, body: string, options: { replyTo?: string; attachments?: string[] } = {}): string {
      const clientId = newId();
      const { replyTo, attachments = [] } = options;
      const draft: OutboxDraft = {
        clientId,
        body: normalizeBody(body),
        createdAt: new Date(now()).toISOString(),
        state: "sending",
        error: null,
        ...(replyTo ? { replyTo } : {}),
        ...(attachments.length > 0 ? { attachments } : {}),
      };
      store.dispatch({ type: "queued", entry: address(draft) });
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
