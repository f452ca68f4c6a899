// One conversation's messages and summary, step by step (pure): statuses only move forward,
// messages are kept once and in seq order, a page of history merges with what is loaded.
import type { ConversationSummary, InstantMessage, MessagePage, MessageStatus } from "@/lib/protocol";
import { inListOrder } from "./conversation-marks";
import type { ConversationHistory } from "./inbox-state";

const STATUS_RANK: Record<MessageStatus, number> = { sent: 0, delivered: 1, read: 2 };

/** Statuses only move forward through events: a late "delivered" never undoes "read". */
export function withBetterStatus(message: InstantMessage, status: MessageStatus): InstantMessage {
  return STATUS_RANK[status] > STATUS_RANK[message.status] ? { ...message, status } : message;
}

const bySeq = (a: InstantMessage, b: InstantMessage) => a.seq - b.seq;
/** The conversation list's order (pinned first, then newest first): see conversation-marks.ts. */
export const byNewest = inListOrder;

/** Adds a message in seq order, or upgrades the status of the copy already there (dedupe by id). */
export function insertMessage(messages: InstantMessage[], message: InstantMessage): InstantMessage[] {
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

export function upsertConversation(list: ConversationSummary[], summary: ConversationSummary): ConversationSummary[] {
  return [...list.filter((conversation) => conversation.peer !== summary.peer), summary].sort(byNewest);
}

export const emptyHistory = (): ConversationHistory => ({
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
export function reconcileReceipts(messages: InstantMessage[], summary: ConversationSummary | undefined): InstantMessage[] {
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

/**
 * The newest page of a conversation. Between its oldest message and what this tab had seen when
 * it asked (`knownUpTo`) it is the whole truth: loaded messages in that span that it lacks were
 * deleted meanwhile. Newer messages that arrived while it was on its way are kept.
 */
export function applyNewestPage(history: ConversationHistory, page: MessagePage, knownUpTo: number): ConversationHistory {
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

export function applyOlderPage(history: ConversationHistory, page: MessagePage): ConversationHistory {
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
