// Storage of INSTANT MESSAGES and of each side's conversations: the contract the services use.
// A message is one row; each participant has a conversation (its state, newest message, read
// marks). Deleting hides a message from one side only. seqs grow with every message stored, in
// commit order, so a client that saw seq N catches up with everything after N.
// Implementations: prisma-message-store.ts (SQLite, PostgreSQL), memory-message-store.ts;
// tests/contracts/message-store.test.ts holds both to this contract.
import type { InboxSettings } from "@/lib/protocol/im";

/** Where a conversation stands on its owner's side (the delivery rules read it). */
export type ConversationState = "accepted" | "request" | "declined";

export type StoredMessage = {
  seq: number;
  id: string;
  senderId: string;
  recipientId: string;
  clientId: string;
  body: string;
  sentAt: Date;
  deliveredAt: Date | null;
};

export type StoredConversation = {
  ownerId: string;
  peerId: string;
  state: ConversationState;
  lastSeq: number;
  lastReadSeq: number;
  peerReadSeq: number;
  /** False after the owner accepted the peer's request silently, until the owner writes in it. */
  acknowledged: boolean;
  /** The owner's own marks on it (see ConversationFlags); the peer never learns of them. */
  pinnedAt: Date | null;
  muted: boolean;
  markedUnread: boolean;
};

/** What the owner may set on a conversation of theirs: only their own view of it changes. */
export type ConversationFlags = Partial<Pick<StoredConversation, "pinnedAt" | "muted" | "markedUnread">>;

export type NewMessage = Omit<StoredMessage, "seq" | "deliveredAt"> & {
  /** The message this one replies to (checked by the service: same conversation, the sender has it). */
  replyToSeq?: number | null;
};

/** Everything a send decides on, read in one statement (see sendFacts). */
export type SendFacts = {
  /** The message the sender already stored under this client id (a retry), if any. */
  earlier: StoredMessage | null;
  /** The recipient's delivery-rule settings. */
  settings: InboxSettings;
  /** The recipient's side of the conversation (its state decides for non-contacts). */
  recipientSide: StoredConversation | null;
  /** The sender's side. */
  senderSide: StoredConversation | null;
};

/**
 * A range of the owner's messages (a Message Archive Management query): with one peer or all,
 * strictly between two seqs, sent within a time range, `limit` of them from the end `order` names.
 */
export type ArchiveRange = {
  peerId: string | null;
  afterSeq?: number;
  beforeSeq?: number;
  start?: Date;
  end?: Date;
  limit: number;
  order: "asc" | "desc";
};

/** The sender already stored a message with this client id. */
export class DuplicateMessageError extends Error {
  constructor() {
    super("duplicate_message");
  }
}

export interface MessageStore {
  /**
   * What a send decides on, in one round trip: a message already stored under this client id,
   * the recipient's inbox settings (defaults without a row), and both sides' conversations.
   */
  sendFacts(senderId: string, recipientId: string, clientId: string): Promise<SendFacts>;
  findSent(senderId: string, clientId: string): Promise<StoredMessage | null>;
  conversation(ownerId: string, peerId: string): Promise<StoredConversation | null>;
  conversationsWith(ownerId: string, peerIds: string[]): Promise<StoredConversation[]>;
  /**
   * The conversations an inbox lists (accepted ones and requests with a message), pinned ones
   * first, newest first within each part, each with its unread count, in one statement: it runs
   * on every (re)connect.
   */
  listed(ownerId: string, limit: number): Promise<(StoredConversation & {
      unread: number;
  })[]>;
  /**
   * Stores a message and moves both sides' conversations to it. The sender's side becomes
   * accepted (writing to someone accepts them); the recipient's side takes `recipientState`,
   * or stays as it is when the message is held back (null: a declined conversation), and the
   * message is then hidden from the recipient. Throws DuplicateMessageError for a client id
   * the sender used before. Resolves once the message is committed (group commit: with the
   * messages that arrived while the previous write was in flight).
   */
  add(message: NewMessage, recipientState: "accepted" | "request" | null): Promise<StoredMessage>;
  /**
   * Of these messages, those addressed to the recipient that it still has and had not
   * confirmed, with their senders, oldest first.
   */
  unconfirmed(recipientId: string, ids: string[]): Promise<{
      id: string;
      senderId: string;
  }[]>;
  /**
   * A device of the recipient has these messages: marks those it received, still has, had not
   * confirmed, and that sit in a conversation it accepted and has written in since (a
   * request's sender must not learn whether it was seen, nor that it was accepted), in one
   * statement. Returns what it marked, oldest first.
   */
  confirmDelivered(recipientId: string, ids: string[], at: Date): Promise<{
      id: string;
      senderId: string;
  }[]>;
  bySeq(seqs: number[]): Promise<StoredMessage[]>;
  /** A page of one conversation as its owner has it, newest first. */
  page(ownerId: string, peerId: string, beforeSeq: number | undefined, limit: number): Promise<{
      messages: StoredMessage[];
      hasMore: boolean;
  }>;
  /** Everything the owner has after a seq, across conversations, oldest first. */
  after(ownerId: string, afterSeq: number, limit: number): Promise<{
      messages: StoredMessage[];
      hasMore: boolean;
  }>;
  /** The owner's messages in a range, in its order, and whether more lie beyond the limit. */
  archive(ownerId: string, range: ArchiveRange): Promise<{
      messages: StoredMessage[];
      hasMore: boolean;
  }>;
  /**
   * Unread messages per peer, for every conversation of the owner that may have some. One
   * count per conversation (a correlated subquery), so each reads only the index range
   * above its read mark — a join would let the planner walk everything the owner received.
   */
  unreadCount(ownerId: string, peerId: string, lastReadSeq: number): Promise<number>;
  /** Messages from the peer the owner has and had not confirmed, up to a seq (all when absent). */
  undeliveredFrom(ownerId: string, peerId: string, upToSeq?: number): Promise<{
      id: string;
      senderId: string;
  }[]>;
  /** Messages the owner has from anyone that no device of theirs confirmed yet, oldest first (an XMPP app signing in gets them). */
  undelivered(ownerId: string, limit: number): Promise<StoredMessage[]>;
  /**
   * Marks these messages delivered, whoever holds them and whatever their conversation: for
   * what the service already decided was shown (unlike confirmDelivered, which checks).
   */
  markDelivered(ids: string[], at: Date): Promise<void>;
  /** Marks the peer's messages read up to a seq. Returns the new read mark, or null when it did not move. */
  markRead(conversation: StoredConversation, upToSeq: number, at: Date): Promise<number | null>;
  /** The peer read the owner's messages up to a seq. False when the mark was already there. */
  advancePeerRead(ownerId: string, peerId: string, seq: number): Promise<boolean>;
  /**
   * The owner accepts the peer's message request, silently: the conversation stays
   * unacknowledged until the owner writes in it. False when it was not a request.
   */
  accept(ownerId: string, peerId: string): Promise<boolean>;
  /** The owner wrote in a conversation it had accepted silently. False when there was nothing to do. */
  acknowledge(ownerId: string, peerId: string): Promise<boolean>;
  /**
   * Removes a conversation's messages up to its newest one from the owner's inbox, and the
   * conversation from the owner's list, optionally changing its state. A message that
   * arrives meanwhile stays, and so does the conversation. Its pin and unread mark go with it
   * (mute stays: it is about the person, and shows again when they write).
   */
  clear(conversation: StoredConversation, state?: ConversationState): Promise<void>;
  /** Removes these messages from the owner's inbox (only from the owner's); returns what was removed. */
  remove(ownerId: string, ids: string[]): Promise<{
      id: string;
      peerId: string;
  }[]>;
  /** Points the conversation at its newest remaining message (0 when none), unless a new one came. */
  refreshLastSeq(conversation: StoredConversation): Promise<void>;
  /** Sets the owner's marks on a conversation. False when there is no such conversation or nothing changed. */
  setFlags(ownerId: string, peerId: string, flags: ConversationFlags): Promise<boolean>;
  /** How many of the conversations the owner's inbox lists are pinned. */
  pinnedCount(ownerId: string): Promise<number>;
}
