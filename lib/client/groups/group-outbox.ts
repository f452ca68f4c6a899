// The outbox of group messages (lib/client/im/outbox-queue.ts: sent until answered, once, in order).
import { normalizeBody } from "@/lib/protocol/message-body";
import { newClientId } from "@/lib/client/im/client-id";
import { createOutboxQueue } from "@/lib/client/im/outbox-queue";
import { type GroupSocket, sendGroupCommand } from "./group-commands";
import type { GroupOutboxEntry } from "./group-state";
import type { GroupStore } from "./group-store";

export type GroupOutboxOptions = { newId?: () => string; now?: () => number; retryMs?: number };

export function createGroupOutbox(socket: GroupSocket, store: GroupStore, options: GroupOutboxOptions = {}) {
  const newId = options.newId ?? newClientId;
  const now = options.now ?? Date.now;
  const { queue, ...outbox } = createOutboxQueue({
    socket,
    store,
    retryMs: options.retryMs,
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
    send(groupId: string, body: string, options: { replyTo?: string; attachments?: string[] } = {}): string {
      const clientId = newId();
      const { replyTo, attachments = [] } = options;
      queue({
        clientId,
        groupId,
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
