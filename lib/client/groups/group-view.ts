// What the group views show, derived from the store (pure): the timeline (stored messages, then
// mine still in the outbox), who sent each run of messages, system lines and typing in words,
// receipts in words, where the unread divider goes, and the conversation list with one-to-one
// conversations and groups together.
import type { ConversationSummary } from "@/lib/protocol/im";
import type { GroupMessageView, GroupSummary, GroupSystemEvent } from "@/lib/protocol/groups";
import { shownUnread } from "@/lib/client/im/conversation-marks";
import type { GroupOutboxEntry } from "./group-state";

export type GroupTimelineMessage = Omit<GroupMessageView, "id" | "seq" | "clientId"> & {
  /** Stable from the moment I press send: keyed by client id for mine. */
  key: string;
  id: string | null;
  seq: number | null;
  clientId: string | null;
  state: "sending" | "failed" | "sent";
  error: GroupOutboxEntry["error"];
  pendingAttachments: number;
};

function fromStored(message: GroupMessageView): GroupTimelineMessage {
  return { ...message, key: message.clientId ?? message.id, state: "sent", error: null, pendingAttachments: 0 };
}

function fromOutbox(entry: GroupOutboxEntry, me: string): GroupTimelineMessage {
  return {
    key: entry.clientId,
    id: null,
    seq: null,
    groupId: entry.groupId,
    sender: me,
    direction: "outgoing",
    clientId: entry.clientId,
    body: entry.body,
    sentAt: entry.createdAt,
    event: null,
    hidden: false,
    mentionsYou: false,
    editedAt: null,
    retracted: false,
    replyTo: null,
    attachments: [],
    reactions: [],
    receipts: null,
    state: entry.state,
    error: entry.error,
    pendingAttachments: entry.attachments?.length ?? 0,
  };
}

/** Oldest first: the loaded history, then what is still on its way to this group. */
export function groupTimeline(messages: GroupMessageView[], outbox: GroupOutboxEntry[], groupId: string, me: string): GroupTimelineMessage[] {
  const stored = new Set(messages.map((message) => message.clientId).filter(Boolean));
  return [
    ...messages.map(fromStored),
    ...outbox.filter((entry) => entry.groupId === groupId && !stored.has(entry.clientId)).map((entry) => fromOutbox(entry, me)),
  ];
}

/**
 * Keys of the messages that start a run from one sender: their name goes above. A system line
 * breaks a run; so does a gap of more than five minutes.
 */
export function runStarts(messages: Pick<GroupTimelineMessage, "key" | "sender" | "event" | "sentAt">[]): Set<string> {
  const starts = new Set<string>();
  let previous: (typeof messages)[number] | null = null;
  for (const message of messages) {
    if (message.event !== null) {
      previous = null;
      continue;
    }
    const gap = previous ? Date.parse(message.sentAt) - Date.parse(previous.sentAt) : Infinity;
    if (!previous || previous.sender !== message.sender || gap > 5 * 60_000) starts.add(message.key);
    previous = message;
  }
  return starts;
}

/** "alice", "alice and bob", "alice, bob and carol", "alice, bob and 3 others". */
export function namesInWords(names: readonly string[], most = 3): string {
  if (names.length <= 1) return names[0] ?? "";
  if (names.length <= most) return `${names.slice(0, -1).join(", ")} and ${names.at(-1)}`;
  const others = names.length - (most - 1);
  return `${names.slice(0, most - 1).join(", ")} and ${others} others`;
}

/** "alice is typing", "alice and bob are typing"; empty when nobody is. */
export function typingText(names: readonly string[]): string {
  if (names.length === 0) return "";
  return `${namesInWords(names)} ${names.length === 1 ? "is" : "are"} typing…`;
}

/** A system line in words, with names as the viewer knows them (`you` for the viewer). */
export function systemLineText(event: GroupSystemEvent, me: string, nameOf: (username: string) => string): string {
  const who = (username: string) => (username === me ? "you" : nameOf(username));
  const actor = event.actor === me ? "You" : nameOf(event.actor);
  switch (event.kind) {
    case "created":
      return event.name ? `${actor} created the group “${event.name}”` : `${actor} created the group`;
    case "added":
      return `${actor} added ${who(event.subject)}`;
    case "joined":
      return `${actor} joined`;
    case "left":
      return `${actor} left`;
    case "removed":
      return `${actor} removed ${who(event.subject)}`;
    case "renamed":
      return event.name ? `${actor} renamed the group to “${event.name}”` : `${actor} removed the group’s name`;
  }
}

/** "Delivered to 3 of 4 · Read by 2"; "Sent" before anyone has it. */
export function receiptsText(receipts: GroupMessageView["receipts"]): string | null {
  if (!receipts) return null;
  if (receipts.of === 0) return "Sent";
  const delivered = receipts.delivered === 0 ? "Sent" : `Delivered to ${receipts.delivered} of ${receipts.of}`;
  return receipts.read > 0 ? `${delivered} · Read by ${receipts.read}` : delivered;
}

/** The first message above my read mark that counts as unread: the divider goes above it. */
export function unreadDividerKey(messages: GroupTimelineMessage[], lastReadSeq: number | null): string | null {
  if (lastReadSeq === null) return null;
  const first = messages.find(
    (message) => message.seq !== null && message.seq > lastReadSeq && message.direction === "incoming" && message.event === null && !message.hidden,
  );
  return first?.key ?? null;
}

/** The newest of my outgoing messages that has receipts: the one that shows them. */
export function receiptsKey(messages: GroupTimelineMessage[]): string | null {
  return messages.findLast((message) => message.direction === "outgoing" && message.receipts !== null && message.event === null)?.key ?? null;
}

/** The conversation list: one-to-one conversations and groups together, pinned first, newest first. */
export type ListEntry = { kind: "peer"; conversation: ConversationSummary } | { kind: "group"; group: GroupSummary };

const entryTime = (entry: ListEntry) =>
  entry.kind === "peer" ? Date.parse(entry.conversation.lastMessage.sentAt) : entry.group.lastMessage ? Date.parse(entry.group.lastMessage.sentAt) : 0;
const entryPinned = (entry: ListEntry) => (entry.kind === "peer" ? entry.conversation.pinned : entry.group.pinned);

export function conversationList(conversations: ConversationSummary[], groups: GroupSummary[]): ListEntry[] {
  return [
    ...conversations.map((conversation): ListEntry => ({ kind: "peer", conversation })),
    ...groups.map((group): ListEntry => ({ kind: "group", group })),
  ].sort((a, b) => (entryPinned(a) !== entryPinned(b) ? (entryPinned(a) ? -1 : 1) : entryTime(b) - entryTime(a)));
}

/** Unread across groups, requests included (the nav and the tab title add it to the inbox's). */
export function totalGroupUnread(groups: GroupSummary[]): number {
  return groups.reduce((total, group) => total + shownUnread(group), 0);
}

/** The messages route's segment for a group: `group:<id>` (a colon is never in a username). */
export const groupSegment = (groupId: string) => `group:${groupId}`;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export function groupIdOfSegment(segment: string): string | null {
  const match = /^group:(.+)$/.exec(segment);
  return match && UUID.test(match[1]!) ? match[1]!.toLowerCase() : null;
}
export const groupPath = (groupId: string) => `/messages/${groupSegment(groupId)}`;
