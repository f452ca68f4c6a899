// The outbox of one-to-one messages (outbox-queue.ts: sent until answered, once, in order).
import { sendCommand } from "@/lib/client/connection/commands";
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
  const { queue, ...outbox } = createOutboxQueue({
    ...options,
    socket,
    store,
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
    /** Queues a message to `peer` and starts sending it; returns its client id. */
    send: (peer: string, body: string, options?: { replyTo?: string; attachments?: string[] }): string =>
      queue((draft) => ({ ...draft, peer }), body, options),
  };
}
