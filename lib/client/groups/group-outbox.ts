// The outbox of group messages, as lib/client/im/outbox.ts for one-to-one ones: a message gets
// its client id once, shows at once as "sending", and is sent until the server answers (again
// after a reconnect, with the same id: the server stores it once). A refused one waits for "Retry".
import { normalizeBody } from "@/lib/protocol/message-body";
import { NO_ANSWER } from "@/lib/client/connection/commands";
import { newClientId } from "@/lib/client/im/client-id";
import { type GroupSocket, sendGroupCommand } from "./group-commands";
import type { GroupStore } from "./group-store";

export type GroupOutboxOptions = { newId?: () => string; now?: () => number; retryMs?: number };

export function createGroupOutbox(socket: GroupSocket, store: GroupStore, options: GroupOutboxOptions = {}) {
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
        const ack = await sendGroupCommand(socket, "send", {
          groupId: entry.groupId,
          clientId: entry.clientId,
          body: entry.body,
          ...(entry.replyTo ? { replyTo: entry.replyTo } : {}),
          ...(entry.attachments?.length ? { attachments: entry.attachments } : {}),
        });
        if (ack.ok) store.dispatch({ type: "sent", clientId: entry.clientId, message: ack.data });
        else if (ack.error === NO_ANSWER) {
          if (socket.connected) retryTimer = setTimeout(() => void pump(), retryMs);
          return;
        } else store.dispatch({ type: "send-failed", clientId: entry.clientId, error: ack.error });
      }
    } finally {
      sending = false;
    }
  }
  const onConnect = () => void pump();

  return {
    send(groupId: string, body: string, options: { replyTo?: string; attachments?: string[] } = {}): string {
      const clientId = newId();
      const { replyTo, attachments = [] } = options;
      store.dispatch({
        type: "queued",
        entry: {
          clientId,
          groupId,
          body: normalizeBody(body),
          createdAt: new Date(now()).toISOString(),
          state: "sending",
          error: null,
          ...(replyTo ? { replyTo } : {}),
          ...(attachments.length > 0 ? { attachments } : {}),
        },
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
    discard: (clientId: string) => store.dispatch({ type: "discard", clientId }),
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
