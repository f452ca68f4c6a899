// The outbox of group messages (lib/client/im/outbox-queue.ts: sent until answered, once, in order).
import { createOutboxQueue } from "@/lib/client/im/outbox-queue";
import { type GroupSocket, sendGroupCommand } from "./group-commands";
import type { GroupOutboxEntry } from "./group-state";
import type { GroupStore } from "./group-store";

export type GroupOutboxOptions = { newId?: () => string; now?: () => number; retryMs?: number };

export function createGroupOutbox(socket: GroupSocket, store: GroupStore, options: GroupOutboxOptions = {}) {
  const { queue, ...outbox } = createOutboxQueue({
    ...options,
    socket,
    store,
    send: (entry: GroupOutboxEntry) =>
      sendGroupCommand(socket, "send", {
        groupId: entry.groupId,
        clientId: entry.clientId,
        body: entry.body,
        ...(entry.replyTo ? { replyTo: entry.replyTo } : {}),
        ...(entry.attachments?.length ? { attachments: entry.attachments } : {}),
      }),
  });

  return {
    ...outbox,
    /** Queues a message to the group and starts sending it; returns its client id. */
    send: (groupId: string, body: string, options?: { replyTo?: string; attachments?: string[] }): string =>
      queue((draft) => ({ ...draft, groupId }), body, options),
  };
}
