// The outbox of one-to-one messages (outbox-queue.ts: sent until answered, once, in order).
import { normalizeBody } from "@/lib/protocol/message-body";
import { sendCommand } from "@/lib/client/connection/commands";
import { newClientId } from "./client-id";
import type { OutboxEntry } from "./inbox-state";
import type { InboxStore } from "./inbox-store";
import { createOutboxQueue, type OutboxSocket } from "./outbox-queue";

export type OutboxOptions = {
  newId?: () => string;
  now?: () => number;
  /** How long to wait before sending again when a connected server did not answer. */
  retryMs?: number;
};

export function createOutbox(socket: OutboxSocket, store: InboxStore, options: OutboxOptions = {}) {
  const newId = options.newId ?? newClientId;
  const now = options.now ?? Date.now;
  const { queue, ...outbox } = createOutboxQueue({
    socket,
    store,
    retryMs: options.retryMs,
    send: (entry: OutboxEntry) =>
      sendCommand(socket, "im:send", {
        to: entry.peer,
        clientId: entry.clientId,
        body: entry.body,
        ...(entry.replyTo ? { replyTo: entry.replyTo } : {}),
        ...(entry.attachments?.length ? { attachments: entry.attachments } : {}),
      }),
  });

  return {
    ...outbox,
    /**
     * Queues a message to `peer` (a reply when `replyTo` is a message id; with completed uploads,
     * if any) and starts sending it; returns its client id.
     */
    send(peer: string, body: string, options: { replyTo?: string; attachments?: string[] } = {}): string {
      const clientId = newId();
      const { replyTo, attachments = [] } = options;
      queue({
        clientId,
        peer,
        body: normalizeBody(body),
        createdAt: new Date(now()).toISOString(),
        state: "sending",
        error: null,
        ...(replyTo ? { replyTo } : {}),
        ...(attachments.length > 0 ? { attachments } : {}),
      });
      return clientId;
    },
  };
}
