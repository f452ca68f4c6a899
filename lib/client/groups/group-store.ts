// The group-conversations reducer and the store React subscribes to (state and events in
// group-state.ts). group-feed.ts feeds it from the socket; group-outbox.ts and
// group-history-loader.ts from commands. Pure: returns the same object when nothing changes.
import type { GroupMessageView, GroupSummary } from "@/lib/protocol/groups";
import { createStore } from "@/lib/client/store";
import {
  type GroupHistory,
  type GroupOutboxEntry,
  type GroupsEvent,
  type GroupsState,
  initialGroupsState,
} from "./group-state";

const time = (summary: GroupSummary) => (summary.lastMessage ? Date.parse(summary.lastMessage.sentAt) : 0);

/** The list's order: pinned first, then the newest message first. */
export function groupListOrder(a: GroupSummary, b: GroupSummary): number {
  if (a.pinned !== b.pinned) return a.pinned ? -1 : 1;
  return time(b) - time(a);
}

function upsertGroup(groups: GroupSummary[], summary: GroupSummary): GroupSummary[] {
  return [...groups.filter((group) => group.id !== summary.id), summary].sort(groupListOrder);
}

/** Adds a message in seq order, or replaces the copy already there (dedupe by id). */
export function insertGroupMessage(messages: GroupMessageView[], message: GroupMessageView): GroupMessageView[] {
  const index = messages.findIndex((known) => known.id === message.id);
  if (index >= 0) return messages;
  let at = messages.length;
  while (at > 0 && messages[at - 1]!.seq > message.seq) at -= 1;
  return messages.toSpliced(at, 0, message);
}

/** Whether a message counts as unread for me when it arrives: theirs, shown, not a system line. */
export const countsAsUnread = (message: GroupMessageView) =>
  message.direction === "incoming" && !message.hidden && message.event === null;

const emptyHistory = (): GroupHistory => ({ messages: [], hasMore: false, phase: "loading", loadingOlder: false, stale: false, error: null });

function setHistory(state: GroupsState, groupId: string, change: (history: GroupHistory) => GroupHistory): GroupsState {
  const history = state.histories.get(groupId);
  if (!history) return state;
  const next = change(history);
  return next === history ? state : { ...state, histories: new Map(state.histories).set(groupId, next) };
}

function setSummary(state: GroupsState, groupId: string, change: (summary: GroupSummary) => GroupSummary): GroupsState {
  const summary = state.groups.find((group) => group.id === groupId);
  if (!summary) return state;
  const next = change(summary);
  return next === summary ? state : { ...state, groups: upsertGroup(state.groups, next) };
}

function setTyping(state: GroupsState, groupId: string, username: string, typing: boolean): GroupsState {
  const now = state.typing.get(groupId) ?? [];
  if (now.includes(username) === typing) return state;
  const next = typing ? [...now, username] : now.filter((name) => name !== username);
  const map = new Map(state.typing);
  if (next.length === 0) map.delete(groupId);
  else map.set(groupId, next);
  return { ...state, typing: map };
}

function mapMessages(
  state: GroupsState,
  groupId: string,
  change: (message: GroupMessageView) => GroupMessageView,
): GroupsState {
  let next = setHistory(state, groupId, (history) => {
    const messages = history.messages.map(change);
    return messages.every((message, index) => message === history.messages[index]) ? history : { ...history, messages };
  });
  next = setSummary(next, groupId, (summary) => {
    if (!summary.lastMessage) return summary;
    const lastMessage = change(summary.lastMessage);
    return lastMessage === summary.lastMessage ? summary : { ...summary, lastMessage };
  });
  return next;
}

/**
 * A message reaches this tab (live, catch-up or ack): into its loaded history (once), out of the
 * outbox, into its group's summary. One newer than the summary's newest adds an unread when it
 * counts as one and is above my read mark; its sender stops typing.
 */
function receiveMessage(state: GroupsState, message: GroupMessageView): GroupsState {
  const cursor = Math.max(state.cursor ?? 0, message.seq);
  let next: GroupsState = cursor === state.cursor ? state : { ...state, cursor };
  if (message.direction === "outgoing" && message.clientId !== null) {
    const outbox = next.outbox.filter((entry) => entry.clientId !== message.clientId);
    if (outbox.length !== next.outbox.length) next = { ...next, outbox };
  }
  next = setHistory(next, message.groupId, (history) => {
    const messages = insertGroupMessage(history.messages, message);
    return messages === history.messages ? history : { ...history, messages };
  });
  next = setSummary(next, message.groupId, (summary) => {
    if (summary.lastMessage && message.seq <= summary.lastMessage.seq) return summary;
    const unread = countsAsUnread(message) && message.seq > summary.lastReadSeq;
    return {
      ...summary,
      lastMessage: message,
      unread: unread ? summary.unread + 1 : summary.unread,
      mentioned: unread && message.mentionsYou ? true : summary.mentioned,
    };
  });
  return message.direction === "incoming" ? setTyping(next, message.groupId, message.sender, false) : next;
}

function setOutboxEntry(state: GroupsState, clientId: string, change: Partial<GroupOutboxEntry>): GroupsState {
  const index = state.outbox.findIndex((entry) => entry.clientId === clientId);
  if (index < 0) return state;
  return { ...state, outbox: state.outbox.with(index, { ...state.outbox[index]!, ...change }) };
}

/** A newest page replaces what was loaded, keeping live messages newer than the page. */
function applyNewestPage(history: GroupHistory, messages: GroupMessageView[], hasMore: boolean): GroupHistory {
  const newest = messages.at(-1)?.seq ?? -1;
  let merged = [...messages].sort((a, b) => a.seq - b.seq);
  for (const message of history.messages) if (message.seq > newest) merged = insertGroupMessage(merged, message);
  return { ...history, messages: merged, hasMore, phase: "ready", stale: false, error: null };
}

function applyOlderPage(history: GroupHistory, messages: GroupMessageView[], hasMore: boolean): GroupHistory {
  let merged = history.messages;
  for (const message of messages) merged = insertGroupMessage(merged, message);
  return { ...history, messages: merged, hasMore, loadingOlder: false, error: null };
}

export function reduceGroups(state: GroupsState, event: GroupsEvent): GroupsState {
  switch (event.type) {
    case "snapshot": {
      const reconnect = state.loaded;
      const histories = new Map(state.histories);
      const known = new Set(event.snapshot.groups.map((group) => group.id));
      for (const [groupId, history] of histories) {
        // A group gone while away (left, removed elsewhere) goes; what stays may have missed changes.
        if (!known.has(groupId)) histories.delete(groupId);
        else if (reconnect && history.phase === "ready") histories.set(groupId, { ...history, stale: true });
      }
      return {
        ...state,
        loaded: true,
        groups: [...event.snapshot.groups].sort(groupListOrder),
        // A reconnecting tab keeps its own cursor: catch-up from there moves it on.
        cursor: reconnect ? state.cursor : Math.max(state.cursor ?? 0, event.snapshot.cursor),
        changeCursor: reconnect ? state.changeCursor : Math.max(state.changeCursor ?? 0, event.snapshot.changeCursor),
        histories,
        typing: new Map(),
      };
    }
    case "changed":
      return { ...state, groups: upsertGroup(state.groups, event.summary) };
    case "removed": {
      const histories = new Map(state.histories);
      histories.delete(event.groupId);
      const typing = new Map(state.typing);
      typing.delete(event.groupId);
      return { ...state, groups: state.groups.filter((group) => group.id !== event.groupId), histories, typing };
    }
    case "message":
      return receiveMessage(state, event.message);
    case "sent": {
      const outbox = state.outbox.filter((entry) => entry.clientId !== event.clientId);
      return receiveMessage(outbox.length === state.outbox.length ? state : { ...state, outbox }, event.message);
    }
    case "message-changed": {
      const { message, changeSeq } = event;
      const moved = changeSeq !== undefined && changeSeq > (state.changeCursor ?? 0) ? { ...state, changeCursor: changeSeq } : state;
      return mapMessages(moved, message.groupId, (known) => (known.id === message.id ? { ...message, receipts: message.receipts ?? known.receipts } : known));
    }
    case "change-cursor":
      return event.changeCursor > (state.changeCursor ?? 0) ? { ...state, changeCursor: event.changeCursor } : state;
    case "receipts": {
      const byId = new Map(event.changed.changes.map((change) => [change.messageId, change.receipts]));
      return mapMessages(state, event.changed.groupId, (message) => {
        const receipts = byId.get(message.id);
        return receipts ? { ...message, receipts } : message;
      });
    }
    case "typing":
      return setTyping(state, event.notice.groupId, event.notice.from, event.notice.typing);
    case "read":
      return setSummary(state, event.groupId, (summary) => {
        if (event.upToSeq <= summary.lastReadSeq && !summary.markedUnread) return summary;
        const all = summary.lastMessage === null || event.upToSeq >= summary.lastMessage.seq;
        return {
          ...summary,
          lastReadSeq: Math.max(summary.lastReadSeq, event.upToSeq),
          unread: all ? 0 : summary.unread,
          mentioned: all ? false : summary.mentioned,
          markedUnread: false,
        };
      });
    case "history-loading": {
      const history = state.histories.get(event.groupId);
      if (event.older) {
        return history ? setHistory(state, event.groupId, (current) => ({ ...current, loadingOlder: true, error: null })) : state;
      }
      return { ...state, histories: new Map(state.histories).set(event.groupId, history ? { ...history, error: null } : emptyHistory()) };
    }
    case "history-page":
      return setHistory(state, event.groupId, (history) =>
        event.older
          ? applyOlderPage(history, event.page.messages, event.page.hasMore)
          : applyNewestPage(history, event.page.messages, event.page.hasMore),
      );
    case "history-failed":
      return setHistory(state, event.groupId, (history) => ({
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
      return initialGroupsState;
  }
}

export function createGroupStore(initial: GroupsState = initialGroupsState) {
  const { getState, subscribe, set } = createStore(initial);
  return { getState, subscribe, dispatch: (event: GroupsEvent) => set(reduceGroups(getState(), event)) };
}
export type GroupStore = ReturnType<typeof createGroupStore>;
