// The inbox reducer and the tiny store React subscribes to (state and events in
// lib/client/im/inbox-state.ts, one conversation's steps in lib/client/im/inbox-history.ts).
// lib/client/im/inbox-feed.ts feeds it from the socket, lib/client/im/outbox.ts and
// lib/client/im/history-loader.ts from commands.
import type { ConversationSummary, InstantMessage, MessageStatusUpdate } from "@/lib/protocol";
import { createStore } from "@/lib/client/store";
import {
  applyNewestPage,
  applyOlderPage,
  byNewest,
  emptyHistory,
  insertMessage,
  reconcileReceipts,
  upsertConversation,
  withBetterStatus,
} from "./inbox-history";
import { applyChange, withChange } from "./message-changes";
import { type ConversationHistory, type InboxEvent, type InboxState, initialInboxState, type OutboxEntry } from "./inbox-state";

function setHistory(
  state: InboxState,
  peer: string,
  change: (history: ConversationHistory) => ConversationHistory,
): InboxState {
  const history = state.histories.get(peer);
  if (!history) return state;
  const next = change(history);
  return next === history ? state : { ...state, histories: new Map(state.histories).set(peer, next) };
}

function withSummaries(state: InboxState, conversations: ConversationSummary[]): InboxState {
  const byPeer = new Map(conversations.map((conversation) => [conversation.peer, conversation]));
  const histories = new Map(state.histories);
  for (const [peer, history] of histories) {
    const messages = reconcileReceipts(history.messages, byPeer.get(peer));
    if (messages !== history.messages) histories.set(peer, { ...history, messages });
  }
  return { ...state, conversations: [...conversations].sort(byNewest), histories };
}

/**
 * A message reaches this tab (live, catch-up or ack): into its loaded history (once), out of the
 * outbox, into its conversation's summary. An incoming message newer than both the summary's
 * newest message and the read mark adds one unread; one the summary already has does not.
 */
function receiveMessage(state: InboxState, message: InstantMessage): InboxState {
  const cursor = Math.max(state.cursor ?? 0, message.seq);
  let next: InboxState = cursor === state.cursor ? state : { ...state, cursor };
  if (message.direction === "outgoing" && message.clientId !== null) {
    const outbox = next.outbox.filter((entry) => entry.clientId !== message.clientId);
    if (outbox.length !== next.outbox.length) next = { ...next, outbox };
  }
  next = setHistory(next, message.peer, (history) => {
    const messages = insertMessage(history.messages, message);
    return messages === history.messages ? history : { ...history, messages };
  });
  const summary = next.conversations.find((conversation) => conversation.peer === message.peer);
  if (summary && message.seq > summary.lastMessage.seq) {
    const unread =
      message.direction === "incoming" && message.seq > summary.lastReadSeq ? summary.unread + 1 : summary.unread;
    next = { ...next, conversations: upsertConversation(next.conversations, { ...summary, unread, lastMessage: message }) };
  }
  // Their message ends their typing.
  if (message.direction === "incoming" && next.typing.has(message.peer)) {
    const typing = new Set(next.typing);
    typing.delete(message.peer);
    next = { ...next, typing };
  }
  return next;
}

function applyStatus(state: InboxState, update: MessageStatusUpdate): InboxState {
  const reached = (message: InstantMessage) =>
    message.direction === "outgoing" &&
    (update.status === "delivered" ? update.ids.includes(message.id) : message.seq <= update.upToSeq);
  const upgrade = (message: InstantMessage) => (reached(message) ? withBetterStatus(message, update.status) : message);

  let next = setHistory(state, update.peer, (history) => {
    const messages = history.messages.map(upgrade);
    return messages.every((message, index) => message === history.messages[index]) ? history : { ...history, messages };
  });
  const summary = next.conversations.find((conversation) => conversation.peer === update.peer);
  if (summary) {
    const lastMessage = upgrade(summary.lastMessage);
    const peerReadSeq = update.status === "read" ? Math.max(summary.peerReadSeq, update.upToSeq) : summary.peerReadSeq;
    if (lastMessage !== summary.lastMessage || peerReadSeq !== summary.peerReadSeq) {
      next = { ...next, conversations: upsertConversation(next.conversations, { ...summary, lastMessage, peerReadSeq }) };
    }
  }
  return next;
}

/** A changed message replaces its copy in the loaded history and in its conversation's summary. */
function changeMessage(state: InboxState, message: InstantMessage, changeSeq: number | undefined): InboxState {
  let next = state;
  if (changeSeq !== undefined && changeSeq > (state.changeCursor ?? 0)) next = { ...next, changeCursor: changeSeq };
  next = setHistory(next, message.peer, (history) => {
    const messages = applyChange(history.messages, message);
    return messages === history.messages ? history : { ...history, messages };
  });
  const summary = next.conversations.find((conversation) => conversation.peer === message.peer);
  if (summary && summary.lastMessage.id === message.id) {
    const lastMessage = withChange(summary.lastMessage, message);
    if (lastMessage !== summary.lastMessage) {
      next = { ...next, conversations: upsertConversation(next.conversations, { ...summary, lastMessage }) };
    }
  }
  return next;
}

function setOutboxEntry(state: InboxState, clientId: string, change: Partial<OutboxEntry>): InboxState {
  const index = state.outbox.findIndex((entry) => entry.clientId === clientId);
  if (index < 0) return state;
  return { ...state, outbox: state.outbox.with(index, { ...state.outbox[index]!, ...change }) };
}

function setTyping(state: InboxState, peer: string, typing: boolean): InboxState {
  if (state.typing.has(peer) === typing) return state;
  const next = new Set(state.typing);
  if (typing) next.add(peer);
  else next.delete(peer);
  return { ...state, typing: next };
}

/** Returns the same object when nothing changes, so subscribers do not re-render. */
export function reduceInbox(state: InboxState, event: InboxEvent): InboxState {
  switch (event.type) {
    case "snapshot": {
      const { snapshot } = event;
      const reconnect = state.loaded;
      const next = withSummaries(state, snapshot.conversations);
      const histories = new Map(next.histories);
      // What was loaded before a reconnect may have missed statuses and deletions.
      if (reconnect) {
        for (const [peer, history] of histories) if (history.phase === "ready") histories.set(peer, { ...history, stale: true });
      }
      return {
        ...next,
        loaded: true,
        settings: snapshot.settings,
        // A reconnecting tab keeps its own cursor: catch-up from there moves it on.
        cursor: reconnect ? state.cursor : Math.max(state.cursor ?? 0, snapshot.cursor),
        changeCursor: reconnect ? state.changeCursor : Math.max(state.changeCursor ?? 0, snapshot.changeCursor),
        histories,
        // Typing notices from before the drop may never be followed by a "stopped".
        typing: new Set(),
      };
    }
    case "conversations":
      return withSummaries(state, event.conversations);
    case "conversation-changed":
      return { ...state, conversations: upsertConversation(state.conversations, event.summary) };
    case "conversation-removed": {
      const { peer } = event;
      const histories = new Map(state.histories);
      histories.delete(peer);
      return setTyping(
        {
          ...state,
          conversations: state.conversations.filter((conversation) => conversation.peer !== peer),
          histories,
        },
        peer,
        false,
      );
    }
    case "message":
      return receiveMessage(state, event.message);
    case "sent": {
      // Dropped by clientId too, in case the server's copy names it differently.
      const outbox = state.outbox.filter((entry) => entry.clientId !== event.clientId);
      return receiveMessage(outbox.length === state.outbox.length ? state : { ...state, outbox }, event.message);
    }
    case "status":
      return applyStatus(state, event.update);
    case "changed":
      return changeMessage(state, event.message, event.changeSeq);
    case "change-cursor":
      return event.changeCursor > (state.changeCursor ?? 0) ? { ...state, changeCursor: event.changeCursor } : state;
    case "deleted": {
      const ids = new Set(event.deleted.ids);
      return setHistory(state, event.deleted.peer, (history) => ({
        ...history,
        messages: history.messages.filter((message) => !ids.has(message.id)),
      }));
    }
    case "settings":
      return { ...state, settings: event.settings };
    case "typing":
      return setTyping(state, event.notice.from, event.notice.typing);
    case "history-loading": {
      const history = state.histories.get(event.peer);
      if (event.older) {
        return history ? setHistory(state, event.peer, (current) => ({ ...current, loadingOlder: true, error: null })) : state;
      }
      // A refresh keeps what is shown; only a first load shows "loading".
      const next = history ? { ...history, error: null } : emptyHistory();
      return { ...state, histories: new Map(state.histories).set(event.peer, next) };
    }
    case "history-page":
      return setHistory(state, event.peer, (history) =>
        event.older ? applyOlderPage(history, event.page) : applyNewestPage(history, event.page, event.knownUpTo),
      );
    case "history-failed":
      return setHistory(state, event.peer, (history) => ({
        ...history,
        phase: history.phase === "loading" ? "failed" : history.phase,
        loadingOlder: false,
        error: event.error,
      }));
    case "queued":
      return { ...state, outbox: [...state.outbox, event.entry] };
    case "send-failed":
      return setOutboxEntry(state, event.clientId, { state: "failed", error: event.error });
    case "retry":
      return setOutboxEntry(state, event.clientId, { state: "sending", error: null });
    case "discard":
      return { ...state, outbox: state.outbox.filter((entry) => entry.clientId !== event.clientId) };
    case "reset":
      return initialInboxState;
  }
}

export function createInboxStore(initial: InboxState = initialInboxState) {
  const { getState, subscribe, set } = createStore(initial);
  return {
    getState,
    subscribe,
    dispatch: (event: InboxEvent) => set(reduceInbox(getState(), event)),
  };
}
export type InboxStore = ReturnType<typeof createInboxStore>;
