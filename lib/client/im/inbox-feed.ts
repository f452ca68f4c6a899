// Feeds the inbox store from the tab's one socket. On every (re)connect the server sends
// `im:snapshot`; a tab that had seen messages then catches up with `im:sync` from its cursor,
// page after page, so nothing sent while it was away is missing (the store drops duplicates by
// id, since live messages may overlap the pages). A fresh tab instead confirms delivery of the
// unread messages waiting in its inbox. Live events are applied as they come.
import {
  type ConversationSummary,
  type DeletedMessages,
  HISTORY_PAGE_MAX,
  type InboxSettings,
  type InboxSnapshot,
  type InstantMessage,
  type MessageChanged,
  type MessageStatusUpdate,
  type ReceivedMessage,
  SYNC_PAGE_MAX,
  TYPING_TIMEOUT_MS,
  type TypingNotice,
} from "@/lib/protocol";
import { sendCommand } from "@/lib/client/connection/commands";
import type { ClientSocket } from "@/lib/client/connection/connection";
import { createDeliveryConfirmer, type DeliveryConfirmer } from "./delivery-confirmer";
import type { InboxStore } from "./inbox-store";

type FeedSocket = Pick<ClientSocket, "on" | "off" | "timeout" | "connected">;

export type InboxFeedOptions = {
  /** Shared with the history loader, which confirms what its pages bring. */
  confirmer?: DeliveryConfirmer;
  /** A new incoming message the server says is worth a desktop notification. */
  onNotify?: (received: ReceivedMessage) => void;
  timing?: { typingTimeoutMs: number; retryMs: number };
};

/** Conversations whose unread messages a fresh tab confirms at once; the rest are confirmed when opened. */
const CONFIRM_UNREAD_CONVERSATIONS = 20;

const incomingIds = (messages: InstantMessage[]) =>
  messages.filter((message) => message.direction === "incoming").map((message) => message.id);

/** Attaches the listeners; returns the detach. */
export function feedInbox(socket: FeedSocket, store: InboxStore, options: InboxFeedOptions = {}): () => void {
  const timing = options.timing ?? { typingTimeoutMs: TYPING_TIMEOUT_MS, retryMs: 2_000 };
  const confirmer = options.confirmer ?? createDeliveryConfirmer(socket);
  const typingTimers = new Map<string, ReturnType<typeof setTimeout>>();
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  /** Bumped by every connect: a catch-up of an older connection stops. */
  let connection = 0;
  /** Where this connection's catch-up starts; null for a tab with nothing seen yet. */
  let resumeFrom: number | null = null;
  /** How far an unfinished catch-up got: live messages may have moved the cursor past a gap. */
  let unfinished: number | null = null;
  /** The same for changes (edits, deletions for everyone, reactions). */
  let resumeChangesFrom: number | null = null;
  let unfinishedChanges: number | null = null;

  async function catchUp(from: number, changesFrom: number | null, run: number) {
    let after = from;
    let changesAfter = changesFrom;
    unfinished = after;
    unfinishedChanges = changesAfter;
    for (;;) {
      const ack = await sendCommand(socket, "im:sync", {
        afterSeq: after,
        limit: SYNC_PAGE_MAX,
        ...(changesAfter === null ? {} : { changesAfter }),
      });
      if (run !== connection) return;
      if (!ack.ok) {
        retryTimer = setTimeout(() => run === connection && void catchUp(after, changesAfter, run), timing.retryMs);
        return;
      }
      for (const message of ack.data.messages) store.dispatch({ type: "message", message });
      confirmer.confirm(incomingIds(ack.data.messages));
      // Edits, deletions for everyone and reactions made while this tab was away.
      for (const message of ack.data.changed ?? []) store.dispatch({ type: "changed", message });
      after = ack.data.cursor;
      unfinished = after;
      if (changesAfter !== null && ack.data.changeCursor !== undefined) {
        changesAfter = ack.data.changeCursor;
        unfinishedChanges = changesAfter;
        store.dispatch({ type: "change-cursor", changeCursor: changesAfter });
      }
      if (!ack.data.hasMore && !ack.data.changesHaveMore) break;
    }
    unfinished = null;
    unfinishedChanges = null;
  }

  /** Messages that waited in a closed inbox reach this device now: their senders hear "delivered". */
  async function confirmUnread(conversations: ConversationSummary[], run: number) {
    const waiting = conversations
      .filter((conversation) => conversation.state === "accepted" && conversation.unread > 0)
      .slice(0, CONFIRM_UNREAD_CONVERSATIONS);
    for (const conversation of waiting) {
      const limit = Math.min(conversation.unread, HISTORY_PAGE_MAX);
      const ack = await sendCommand(socket, "im:history", { peer: conversation.peer, limit });
      if (run !== connection) return;
      if (ack.ok) confirmer.confirm(incomingIds(ack.data.messages));
    }
  }

  async function refetchConversations() {
    const ack = await sendCommand(socket, "im:conversations");
    if (ack.ok) store.dispatch({ type: "conversations", conversations: ack.data });
  }

  const stopTypingTimer = (peer: string) => {
    clearTimeout(typingTimers.get(peer));
    typingTimers.delete(peer);
  };

  const onConnect = () => {
    connection += 1;
    clearTimeout(retryTimer);
    const { loaded, cursor, changeCursor } = store.getState();
    // Taken now, before this connection's first event can move the cursor.
    resumeFrom = unfinished ?? (loaded ? cursor : null);
    resumeChangesFrom = unfinishedChanges ?? (loaded ? changeCursor : null);
    void confirmer.flush();
  };
  const onSnapshot = (snapshot: InboxSnapshot) => {
    for (const peer of typingTimers.keys()) stopTypingTimer(peer);
    store.dispatch({ type: "snapshot", snapshot });
    if (resumeFrom !== null) void catchUp(resumeFrom, resumeChangesFrom, connection);
    else void confirmUnread(snapshot.conversations, connection);
  };
  const onReceived = (received: ReceivedMessage) => {
    const { message } = received;
    store.dispatch({ type: "message", message });
    if (message.direction !== "incoming") return;
    stopTypingTimer(message.peer);
    confirmer.confirm([message.id]);
    if (received.notify) options.onNotify?.(received);
  };
  const onTyping = (notice: TypingNotice) => {
    stopTypingTimer(notice.from);
    store.dispatch({ type: "typing", notice });
    // A sender that vanished never says "stopped".
    if (notice.typing) {
      const timer = setTimeout(() => {
        typingTimers.delete(notice.from);
        store.dispatch({ type: "typing", notice: { from: notice.from, typing: false } });
      }, timing.typingTimeoutMs);
      typingTimers.set(notice.from, timer);
    }
  };
  const onSettings = (settings: InboxSettings) => {
    const before = store.getState().settings;
    store.dispatch({ type: "settings", settings });
    // What I may see of the other side's reading changes with my own read receipts.
    if (before && before.readReceipts !== settings.readReceipts) void refetchConversations();
  };
  const onStatus = (update: MessageStatusUpdate) => store.dispatch({ type: "status", update });
  const onChanged = (summary: ConversationSummary) => store.dispatch({ type: "conversation-changed", summary });
  const onRemoved = ({ peer }: { peer: string }) => {
    stopTypingTimer(peer);
    store.dispatch({ type: "conversation-removed", peer });
  };
  const onDeleted = (deleted: DeletedMessages) => store.dispatch({ type: "deleted", deleted });
  const onMessageChanged = ({ message, changeSeq }: MessageChanged) => store.dispatch({ type: "changed", message, changeSeq });

  socket.on("connect", onConnect);
  socket.on("im:snapshot", onSnapshot);
  socket.on("im:received", onReceived);
  socket.on("im:typing", onTyping);
  socket.on("im:settings-changed", onSettings);
  socket.on("im:status", onStatus);
  socket.on("im:conversation-changed", onChanged);
  socket.on("im:conversation-removed", onRemoved);
  socket.on("im:deleted", onDeleted);
  socket.on("im:message-changed", onMessageChanged);
  if (socket.connected) onConnect();

  return () => {
    connection += 1;
    socket.off("connect", onConnect);
    socket.off("im:snapshot", onSnapshot);
    socket.off("im:received", onReceived);
    socket.off("im:typing", onTyping);
    socket.off("im:settings-changed", onSettings);
    socket.off("im:status", onStatus);
    socket.off("im:conversation-changed", onChanged);
    socket.off("im:conversation-removed", onRemoved);
    socket.off("im:deleted", onDeleted);
    socket.off("im:message-changed", onMessageChanged);
    for (const peer of [...typingTimers.keys()]) stopTypingTimer(peer);
    clearTimeout(retryTimer);
    confirmer.cancel();
  };
}
