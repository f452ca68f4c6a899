// Everything the browser needs for group conversations, around the tab's one socket: the
// store, its feed, the outbox, history pages, the commands that change a group or a message,
// and who hears notifications. The socket provider creates one per tab beside the inbox client.
import type { ProtocolError } from "@/lib/protocol/errors";
import type { GroupMessageView, GroupReceived } from "@/lib/protocol/groups";
import { NO_ANSWER } from "@/lib/client/connection/commands";
import { newClientId } from "@/lib/client/im/client-id";
import { type GroupCommandName, type GroupCommands, type GroupSocket, sendGroupCommand } from "./group-commands";
import { createGroupDeliveryMarks, feedGroups, requestIds } from "./group-feed";
import { createGroupOutbox } from "./group-outbox";
import { createGroupStore } from "./group-store";

const HISTORY_PAGE_SIZE = 50;
const MAX_PAGES_BACK = 40;
/** Attempts of a message change while the server does not answer (the client id makes them one). */
const ATTEMPTS = 3;

export type GroupChangeResult = { ok: true } | { ok: false; error: ProtocolError };

export function createGroupClient(socket: GroupSocket) {
  const store = createGroupStore();
  const marks = createGroupDeliveryMarks(socket);
  const outbox = createGroupOutbox(socket, store);
  const noticeListeners = new Set<(received: GroupReceived) => void>();
  const inFlight = new Map<string, Promise<void>>();

  function load(groupId: string, older: boolean): Promise<void> {
    const key = `${older ? "older" : "newest"}\n${groupId}`;
    const running = inFlight.get(key);
    if (running) return running;
    const history = store.getState().histories.get(groupId);
    const beforeSeq = older ? history?.messages[0]?.seq : undefined;
    if (older && (!history?.hasMore || history.phase !== "ready" || beforeSeq === undefined)) return Promise.resolve();
    const request = (async () => {
      store.dispatch({ type: "history-loading", groupId, older });
      const ack = await sendGroupCommand(socket, "history", { groupId, limit: HISTORY_PAGE_SIZE, ...(beforeSeq === undefined ? {} : { beforeSeq }) });
      if (!ack.ok) return store.dispatch({ type: "history-failed", groupId, error: ack.error });
      store.dispatch({ type: "history-page", groupId, page: ack.data, older });
      marks.confirm(ack.data.messages, requestIds(store.getState().groups));
    })().finally(() => inFlight.delete(key));
    inFlight.set(key, request);
    return request;
  }

  /** A change to a message (react, edit, delete for everyone): sent again with its client id while unanswered. */
  async function change(send: (clientId: string) => Promise<{ ok: true; data: GroupMessageView } | { ok: false; error: ProtocolError }>): Promise<GroupChangeResult> {
    const clientId = newClientId();
    let error: ProtocolError = NO_ANSWER;
    for (let attempt = 0; attempt < ATTEMPTS; attempt += 1) {
      const ack = await send(clientId);
      if (ack.ok) {
        if (ack.data && typeof ack.data === "object" && "groupId" in ack.data) store.dispatch({ type: "message-changed", message: ack.data });
        return { ok: true };
      }
      error = ack.error;
      if (ack.error !== NO_ANSWER) break;
    }
    return { ok: false, error };
  }

  return {
    store,
    outbox,
    /** Any group command, answered with its ack (the store hears the outcome through events). */
    command: <K extends GroupCommandName>(name: K, payload: GroupCommands[K]["input"]) => sendGroupCommand(socket, name, payload),
    history: {
      loadNewest: (groupId: string) => load(groupId, false),
      loadOlder: (groupId: string) => load(groupId, true),
      async loadBackTo(groupId: string, seq: number): Promise<boolean> {
        if (store.getState().histories.get(groupId)?.phase !== "ready") await load(groupId, false);
        for (let pages = 0; pages <= MAX_PAGES_BACK; pages += 1) {
          const history = store.getState().histories.get(groupId);
          if (!history || history.phase !== "ready") return false;
          const oldest = history.messages[0];
          if (!oldest || oldest.seq <= seq) return history.messages.some((message) => message.seq === seq);
          if (!history.hasMore) return false;
          await load(groupId, true);
        }
        return false;
      },
    },
    changes: {
      react: (messageId: string, emoji: string, on: boolean) =>
        change((clientId) => sendGroupCommand(socket, "react", { messageId, emoji, on, clientId })),
      edit: (messageId: string, body: string) => change((clientId) => sendGroupCommand(socket, "edit", { messageId, body, clientId })),
      retract: (messageId: string) => change((clientId) => sendGroupCommand(socket, "retract", { messageId, clientId })),
    },
    /** Marks a group read up to a seq here at once and on the server (every tab hears it). */
    async markRead(groupId: string, upToSeq: number) {
      store.dispatch({ type: "read", groupId, upToSeq });
      const ack = await sendGroupCommand(socket, "read", { groupId, upToSeq });
      // The answer is the group as the server has it now; the other tabs hear it as groupchat:changed.
      if (ack.ok) store.dispatch({ type: "changed", summary: ack.data });
      return ack;
    },
    onNotice(listener: (received: GroupReceived) => void) {
      noticeListeners.add(listener);
      return () => void noticeListeners.delete(listener);
    },
    reset() {
      marks.reset();
      store.dispatch({ type: "reset" });
    },
    attach(): () => void {
      const detachFeed = feedGroups(socket, store, marks, {
        onNotify: (received) => {
          for (const listener of noticeListeners) listener(received);
        },
      });
      const detachOutbox = outbox.attach();
      return () => {
        detachOutbox();
        detachFeed();
      };
    },
  };
}
export type GroupClient = ReturnType<typeof createGroupClient>;
