// What the inbox's views show, derived from the store: the timeline of one conversation
// (stored messages, then my messages still in the outbox), and unread totals.
import type { AttachmentView, ConversationSummary, InstantMessage, ProtocolError, ReactionSummary, ReplyQuote } from "@/lib/protocol";
import { shownUnread } from "./conversation-marks";
import type { OutboxEntry } from "./inbox-state";

/** What the sender sees of a message of theirs: the server's status, or where the outbox has it. */
export type DeliveryState = "sending" | "failed" | InstantMessage["status"];

export type TimelineMessage = {
  /**
   * Stable from the moment I press send: my messages are keyed by their client id, so the
   * element (and any focus in it) survives the step from outbox to stored.
   */
  key: string;
  /** Null while in the outbox. */
  id: string | null;
  seq: number | null;
  direction: InstantMessage["direction"];
  body: string;
  sentAt: string;
  state: DeliveryState;
  clientId: string | null;
  /** Why the server refused it, for a failed send. */
  error: ProtocolError | null;
  editedAt: string | null;
  /** Deleted for everyone: shown as "message deleted". */
  retracted: boolean;
  replyTo: ReplyQuote | null;
  reactions: ReactionSummary[];
  /** Its pictures and files (none shown while it is in the outbox: they appear once stored). */
  attachments: AttachmentView[];
  /** How many files an outbox entry carries. */
  pendingAttachments: number;
};

function fromStored(message: InstantMessage): TimelineMessage {
  return {
    key: message.clientId ?? message.id,
    id: message.id,
    seq: message.seq,
    direction: message.direction,
    body: message.body,
    sentAt: message.sentAt,
    state: message.status,
    clientId: message.clientId,
    error: null,
    editedAt: message.editedAt,
    retracted: message.retracted,
    replyTo: message.replyTo,
    reactions: message.reactions,
    attachments: message.attachments,
    pendingAttachments: 0,
  };
}

function fromOutbox(entry: OutboxEntry): TimelineMessage {
  return {
    key: entry.clientId,
    id: null,
    seq: null,
    direction: "outgoing",
    body: entry.body,
    sentAt: entry.createdAt,
    state: entry.state,
    clientId: entry.clientId,
    error: entry.error,
    editedAt: null,
    retracted: false,
    replyTo: null,
    reactions: [],
    attachments: [],
    pendingAttachments: entry.attachments?.length ?? 0,
  };
}

/** Oldest first: the loaded history, then what is still on its way to this peer. */
export function timelineOf(messages: InstantMessage[], outbox: OutboxEntry[], peer: string): TimelineMessage[] {
  const stored = new Set(messages.map((message) => message.clientId).filter(Boolean));
  return [
    ...messages.map(fromStored),
    ...outbox.filter((entry) => entry.peer === peer && !stored.has(entry.clientId)).map(fromOutbox),
  ];
}

/**
 * Unread messages across the inbox, message requests included: what the nav and the tab title
 * count. A conversation marked unread counts as at least one.
 */
export function totalUnread(conversations: ConversationSummary[]): number {
  return conversations.reduce((total, conversation) => total + shownUnread(conversation), 0);
}

export function splitConversations(conversations: ConversationSummary[]) {
  return {
    accepted: conversations.filter((conversation) => conversation.state === "accepted"),
    requests: conversations.filter((conversation) => conversation.state === "request"),
  };
}
