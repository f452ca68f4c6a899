// The INSTANT INBOX as this tab knows it: the conversation list (summaries with unread counts),
// the history loaded for each conversation (oldest first), the outbox of messages not yet
// acknowledged, who is typing, the inbox settings and the catch-up cursor (the highest seq
// this tab has seen). Pure reducers plus a tiny store React subscribes to; lib/client/im/inbox-feed.ts
// feeds it from the socket, lib/client/im/outbox.ts and lib/client/im/history-loader.ts from commands.
import type {
  ConversationSummary,
  DeletedMessages,
  InboxSettings,
  InboxSnapshot,
  InstantMessage,
  MessagePage,
  MessageStatus,
  MessageStatusUpdate,
  ProtocolError,
  TypingNotice,
} from "@/lib/protocol";
import { createStore } from "@/lib/client/store";

/** A message the person sent that the server has not acknowledged yet. */
export type OutboxEntry = {
  /** Chosen once, before the first attempt, and reused for every retry: the server stores it once. */
  clientId: string;
  peer: string;
  body: string;
  /** Local time the person pressed send, shown until the server's time replaces it. */
  createdAt: string;
  /** `sending` is retried by itself (after a reconnect); `failed` was refused and waits for "Retry". */
  state: "sending" | "failed";
  error: ProtocolError | null;
};

/** The part of one conversation this tab has loaded: always its newest messages, back to some point. */
export type ConversationHistory = {
  /** Oldest first, by seq. */
  messages: InstantMessage[];
  /** The server has older messages than the oldest loaded. */
  hasMore: boolean;
  phase: "loading" | "ready" | "failed";
  loadingOlder: boolean;
  /** Loaded before a reconnect: statuses or deletions may have been missed, so the newest page is fetched again. */
  stale: boolean;
  error: ProtocolError | null;
};

export type InboxState = {
  /** False until the first snapshot, so the UI can tell "loading" from "empty". */
  loaded: boolean;
  /** Newest first; message requests are those with `state: "request"`. */
  conversations: ConversationSummary[];
  settings: InboxSettings | null;
  /** The highest seq seen: where catch-up starts after a reconnect. Null before the first snapshot. */
  cursor: number | null;
  /** By peer (a Map: usernames such as `__proto__` are valid). */
  histories: ReadonlyMap<string, ConversationHistory>;
  /** In the order the person sent them. */
  outbox: OutboxEntry[];
  /** Peers typing to me right now. */
  typing: ReadonlySet<string>;
};

export type InboxEvent =
  | { type: "snapshot"; snapshot: InboxSnapshot }
  | { type: "conversations"; conversations: ConversationSummary[] }
  | { type: "conversation-changed"; summary: ConversationSummary }
  | { type: "conversation-removed"; peer: string }
  /** A message from `im:received` or `im:sync`: maybe one already known. */
  | { type: "message"; message: InstantMessage }
  /** The server acknowledged an outbox entry with the stored message. */
  | { type: "sent"; clientId: string; message: InstantMessage }
  | { type: "status"; update: MessageStatusUpdate }
  | { type: "deleted"; deleted: DeletedMessages }
  | { type: "settings"; settings: InboxSettings }
  | { type: "typing"; notice: TypingNotice }
  | { type: "history-loading"; peer: string; older: boolean }
  /** `knownUpTo`: the cursor when the newest page was asked for; what it lacks below that was deleted. */
  | { type: "history-page"; peer: string; page: MessagePage; older: boolean; knownUpTo: number }
  | { type: "history-failed"; peer: string; error: ProtocolError }
  | { type: "queued"; entry: OutboxEntry }
  | { type: "send-failed"; clientId: string; error: ProtocolError }
  | { type: "retry"; clientId: string }
  | { type: "discard"; clientId: string }
  /** The session ended: nothing of the account stays, not even its unsent messages. */
  | { type: "reset" };

export const initialInboxState: InboxState = {
  loaded: false,
  conversations: [],
  settings: null,
  cursor: null,
  histories: new Map(),
  outbox: [],
  typing: new Set(),
};

const STATUS_RANK: Record<MessageStatus, number> = { sent: 0, delivered: 1, read: 2 };

/** Statuses only move forward through events: a late "delivered" never undoes "read". */
function withBetterStatus(message: InstantMessage, status: MessageStatus): InstantMessage {
  return STATUS_RANK[status] > STATUS_RANK[message.status] ? { ...message, status } : message;
}

const bySeq = (a: InstantMessage, b: InstantMessage) => a.seq - b.seq;
const byNewest = (a: ConversationSummary, b: ConversationSummary) => b.lastMessage.seq - a.lastMessage.seq;

/** Adds a message in seq order, or upgrades the status of the copy already there (dedupe by id). */
function insertMessage(messages: InstantMessage[], message: InstantMessage): InstantMessage[] {
  const index = messages.findIndex((known) => known.id === message.id);
  if (index >= 0) {
    const known = messages[index]!;
    const better = withBetterStatus(known, message.status);
    return better === known ? messages : messages.with(index, better);
  }
  // New messages almost always belong at the end.
  let at = messages.length;
  while (at > 0 && messages[at - 1]!.seq > message.seq) at -= 1;
  return messages.toSpliced(at, 0, message);
}

function upsertConversation(list: ConversationSummary[], summary: ConversationSummary): ConversationSummary[] {
  return [...list.filter((conversation) => conversation.peer !== summary.peer), summary].sort(byNewest);
}

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

const emptyHistory = (): ConversationHistory => ({
  messages: [],
  hasMore: false,
  phase: "loading",
  loadingOlder: false,
  stale: false,
  error: null,
});

/**
 * My messages are `read` exactly up to the summary's `peerReadSeq` (0 while my read receipts
 * are off). Applied when a snapshot or a refetched list brings fresh summaries: it catches up
 * receipts missed while away, and takes "read" back after I turn read receipts off.
 */
function reconcileReceipts(messages: InstantMessage[], summary: ConversationSummary | undefined): InstantMessage[] {
  if (!summary) return messages;
  let changed = false;
  const next = messages.map((message) => {
    if (message.direction !== "outgoing") return message;
    const status: MessageStatus =
      message.seq <= summary.peerReadSeq ? "read" : message.status === "read" ? "delivered" : message.status;
    if (status === message.status) return message;
    changed = true;
    return { ...message, status };
  });
  return changed ? next : messages;
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

/**
 * The newest page of a conversation. Between its oldest message and what this tab had seen when
 * it asked (`knownUpTo`) it is the whole truth: loaded messages in that span that it lacks were
 * deleted meanwhile. Newer messages that arrived while it was on its way are kept.
 */
function applyNewestPage(history: ConversationHistory, page: MessagePage, knownUpTo: number): ConversationHistory {
  const fresh = page.messages.toReversed();
  const low = page.hasMore ? (fresh[0]?.seq ?? 0) : 0;
  const high = Math.max(knownUpTo, fresh.at(-1)?.seq ?? 0);
  const known = new Map(history.messages.map((message) => [message.id, message]));
  const outside = history.messages.filter((message) => message.seq < low || message.seq > high);
  const merged = fresh.map((message) => {
    const mine = known.get(message.id);
    return mine ? withBetterStatus(message, mine.status) : message;
  });
  const keptOlder = outside.some((message) => message.seq < low);
  return {
    ...history,
    messages: [...outside, ...merged].sort(bySeq),
    hasMore: keptOlder ? history.hasMore : page.hasMore,
    phase: "ready",
    stale: false,
    error: null,
  };
}

function applyOlderPage(history: ConversationHistory, page: MessagePage): ConversationHistory {
  const known = new Set(history.messages.map((message) => message.id));
  const older = page.messages.filter((message) => !known.has(message.id));
  return {
    ...history,
    messages: [...older, ...history.messages].sort(bySeq),
    hasMore: page.hasMore,
    loadingOlder: false,
    error: null,
  };
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
