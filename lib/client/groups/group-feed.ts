// Feeds the group store from the tab's one socket. On every (re)connect the server sends
// `groupchat:snapshot`; a tab that had seen group messages then catches up with `groupchat:sync` from
// its cursor, page after page, and with its change cursor (`changesAfter`) for the reactions, edits
// and deletions it missed (the store drops duplicates by id: live messages may overlap the
// pages). What reaches this device is confirmed with `groupchat:delivered` (one mark per group: the
// newest seq, which covers the ones before). Live events are applied as they come.
import { TYPING_TIMEOUT_MS } from "@/lib/protocol/im";
import {
  GROUP_SYNC_PAGE_MAX,
  type GroupMessageChanged,
  type GroupMessageView,
  type GroupReceiptsChanged,
  type GroupReceived,
  type GroupSnapshot,
  type GroupSummary,
  type GroupTypingNotice,
} from "@/lib/protocol/groups";
import type { ClientSocket } from "@/lib/client/connection/connection";
import { type GroupSocket, sendGroupCommand } from "./group-commands";

type FeedSocket = Pick<ClientSocket, "on" | "off" | "timeout" | "connected">;
import type { GroupStore } from "./group-store";

export type GroupFeedOptions = {
  /** A new message the server says is worth a desktop notification. */
  onNotify?: (received: GroupReceived) => void;
  timing?: { typingTimeoutMs: number; retryMs: number };
};

/** Confirms delivery per group up to the newest seq this device has; marks only move forward. */
export function createGroupDeliveryMarks(socket: Pick<GroupSocket, "timeout">) {
  const sent = new Map<string, number>();
  return {
    confirm(messages: GroupMessageView[], requests: ReadonlySet<string> = new Set()) {
      const newest = new Map<string, number>();
      for (const message of messages) {
        if (message.direction !== "incoming" || requests.has(message.groupId)) continue;
        newest.set(message.groupId, Math.max(newest.get(message.groupId) ?? 0, message.seq));
      }
      for (const [groupId, upToSeq] of newest) {
        if ((sent.get(groupId) ?? 0) >= upToSeq) continue;
        sent.set(groupId, upToSeq);
        void sendGroupCommand(socket, "delivered", { groupId, upToSeq });
      }
    },
    reset: () => sent.clear(),
  };
}
export type GroupDeliveryMarks = ReturnType<typeof createGroupDeliveryMarks>;

/** Groups I was added to by a non-contact and have not accepted: they send no receipts. */
export const requestIds = (groups: GroupSummary[]) => new Set(groups.filter((group) => group.state === "request").map((group) => group.id));

/** Attaches the listeners; returns the detach. */
export function feedGroups(
  socket: FeedSocket,
  store: GroupStore,
  marks: GroupDeliveryMarks,
  options: GroupFeedOptions = {},
): () => void {
  const timing = options.timing ?? { typingTimeoutMs: TYPING_TIMEOUT_MS, retryMs: 2_000 };
  const typingTimers = new Map<string, ReturnType<typeof setTimeout>>();
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let connection = 0;
  let resumeFrom: number | null = null;
  /** How far an unfinished catch-up got: live messages may have moved the cursor past a gap. */
  let unfinished: number | null = null;
  /** The same for changes (reactions, edits, deletions for everyone). */
  let resumeChangesFrom: number | null = null;
  let unfinishedChanges: number | null = null;

  async function catchUp(from: number, changesFrom: number | null, run: number) {
    let after = from;
    let changesAfter = changesFrom;
    unfinished = after;
    unfinishedChanges = changesAfter;
    for (;;) {
      const ack = await sendGroupCommand(socket, "sync", {
        afterSeq: after,
        limit: GROUP_SYNC_PAGE_MAX,
        ...(changesAfter === null ? {} : { changesAfter }),
      });
      if (run !== connection) return;
      if (!ack.ok) {
        retryTimer = setTimeout(() => run === connection && void catchUp(after, changesAfter, run), timing.retryMs);
        return;
      }
      for (const message of ack.data.messages) store.dispatch({ type: "message", message });
      marks.confirm(ack.data.messages, requestIds(store.getState().groups));
      // Reactions, edits and deletions made while this tab was away.
      for (const message of ack.data.changed ?? []) store.dispatch({ type: "message-changed", message });
      after = Math.max(after, ack.data.cursor);
      unfinished = after;
      if (changesAfter !== null && ack.data.changeCursor !== undefined) {
        changesAfter = Math.max(changesAfter, ack.data.changeCursor);
        unfinishedChanges = changesAfter;
        store.dispatch({ type: "change-cursor", changeCursor: changesAfter });
      }
      if (!ack.data.hasMore && !ack.data.changesHaveMore) break;
    }
    unfinished = null;
    unfinishedChanges = null;
  }

  const typingKey = (groupId: string, from: string) => `${groupId}\n${from}`;
  const stopTypingTimer = (key: string) => {
    clearTimeout(typingTimers.get(key));
    typingTimers.delete(key);
  };

  const onConnect = () => {
    connection += 1;
    clearTimeout(retryTimer);
    const { loaded, cursor, changeCursor } = store.getState();
    // Taken now, before this connection's first event can move the cursors.
    resumeFrom = unfinished ?? (loaded ? cursor : null);
    resumeChangesFrom = unfinishedChanges ?? (loaded ? changeCursor : null);
  };
  const onSnapshot = (snapshot: GroupSnapshot) => {
    for (const key of [...typingTimers.keys()]) stopTypingTimer(key);
    store.dispatch({ type: "snapshot", snapshot });
    if (resumeFrom !== null) void catchUp(resumeFrom, resumeChangesFrom, connection);
    else {
      // A fresh tab: what waited in the groups has reached a device of mine now.
      const newest = snapshot.groups.flatMap((group) => (group.lastMessage ? [group.lastMessage] : []));
      marks.confirm(newest, requestIds(snapshot.groups));
    }
  };
  const onReceived = (received: GroupReceived) => {
    const { message } = received;
    store.dispatch({ type: "message", message });
    if (message.direction !== "incoming") return;
    stopTypingTimer(typingKey(message.groupId, message.sender));
    marks.confirm([message], requestIds(store.getState().groups));
    if (received.notify) options.onNotify?.(received);
  };
  const onTyping = (notice: GroupTypingNotice) => {
    const key = typingKey(notice.groupId, notice.from);
    stopTypingTimer(key);
    store.dispatch({ type: "typing", notice });
    // A member that vanished never says "stopped".
    if (notice.typing) {
      typingTimers.set(
        key,
        setTimeout(() => {
          typingTimers.delete(key);
          store.dispatch({ type: "typing", notice: { ...notice, typing: false } });
        }, timing.typingTimeoutMs),
      );
    }
  };
  const onChanged = (summary: GroupSummary) => store.dispatch({ type: "changed", summary });
  const onRemoved = ({ groupId }: { groupId: string }) => store.dispatch({ type: "removed", groupId });
  const onReceipts = (changed: GroupReceiptsChanged) => store.dispatch({ type: "receipts", changed });
  const onMessageChanged = (changed: GroupMessageChanged) =>
    store.dispatch({ type: "message-changed", message: changed.message, changeSeq: changed.changeSeq });

  socket.on("connect", onConnect);
  socket.on("groupchat:snapshot", onSnapshot);
  socket.on("groupchat:received", onReceived);
  socket.on("groupchat:typing", onTyping);
  socket.on("groupchat:changed", onChanged);
  socket.on("groupchat:removed", onRemoved);
  socket.on("groupchat:receipts-changed", onReceipts);
  socket.on("groupchat:message-changed", onMessageChanged);
  if (socket.connected) onConnect();

  return () => {
    connection += 1;
    socket.off("connect", onConnect);
    socket.off("groupchat:snapshot", onSnapshot);
    socket.off("groupchat:received", onReceived);
    socket.off("groupchat:typing", onTyping);
    socket.off("groupchat:changed", onChanged);
    socket.off("groupchat:removed", onRemoved);
    socket.off("groupchat:receipts-changed", onReceipts);
    socket.off("groupchat:message-changed", onMessageChanged);
    for (const key of [...typingTimers.keys()]) stopTypingTimer(key);
    clearTimeout(retryTimer);
  };
}
