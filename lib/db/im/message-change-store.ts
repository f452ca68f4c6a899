// Storage of changes to messages already stored: replies' targets, edits and deletions for
// everyone (in place on the message: no earlier text is kept), reactions, and the change log a
// device catches up with by change seq, as it does with messages by seq.
// Implementations: prisma-message-change-store.ts, memory-message-change-store.ts;
// tests/contracts/message-change-store.test.ts holds both to this contract.

import type { InboxSettings } from "@/lib/protocol/im";
import type { StoredConversation, StoredMessage } from "./message-store";

/**
 * The message as stored with what its views need beyond that: each side's copy of its text and
 * state (one read serves a view without reading the message again).
 */
export type MessageDetails = StoredMessage & {
  /** The text both sides see ("" once deleted for everyone). */
  body: string;
  deletedBySender: boolean;
  deletedByRecipient: boolean;
  replyToSeq: number | null;
  editedAt: Date | null;
  retractedAt: Date | null;
  /** The sender's own copy, where an edit or retraction did not reach the recipient. */
  senderBody: string | null;
  senderEditedAt: Date | null;
  senderRetractedAt: Date | null;
};

export type StoredReaction = { messageSeq: number; userId: string; emoji: string; hidden: boolean; createdAt: Date };

export type ChangeKind = "edit" | "retract" | "react";

/**
 * A change and who hears of it: the actor always; the peer (the conversation's other side)
 * unless `hidden` (the peer blocks the actor or holds its messages back: the peer's copy stays).
 */
export type NewChange = {
  messageSeq: number;
  actorId: string;
  peerId: string;
  hidden: boolean;
  clientId: string;
  at: Date;
} & ({ kind: "edit"; body: string } | { kind: "retract" } | { kind: "react"; emoji: string; on: boolean });

/** What a change decides on (see MessageChangeStore.changeFacts). */
export type ChangeLookup = {
  /** The change the actor already made with this client id (a retry), if any. */
  earlier: { seq: number; messageSeq: number; kind: ChangeKind } | null;
  /** The message, null when there is none with this id; its other side and both sides' facts. */
  message: {
    details: MessageDetails;
    /** The conversation's other side (the sender when the actor received it). */
    peerId: string;
    /** Whether files are attached to it (none: its views need no read of attachments). */
    attached: boolean;
    actorSide: StoredConversation | null;
    peerSide: StoredConversation | null;
    actorSettings: InboxSettings;
    peerSettings: InboxSettings;
  } | null;
};

/** The actor already made a change with this client id. */
export class DuplicateChangeError extends Error {
  constructor() {
    super("duplicate_change");
  }
}

export interface MessageChangeStore {
  /**
   * What a change decides on, in one round trip: the change the actor already made under this
   * client id, the message, and both sides' conversations and inbox settings (defaults without
   * a row), whether or not the actor is a side of the message.
   */
  changeFacts(actorId: string, messageId: string, clientId: string): Promise<ChangeLookup>;
  details(seqs: number[]): Promise<MessageDetails[]>;
  detailsById(id: string): Promise<MessageDetails | null>;
  /** Every reaction to these messages (hidden ones too), oldest first. */
  reactions(seqs: number[]): Promise<StoredReaction[]>;
  /**
   * A message and the one it replies to (if any), with the message's reactions (as `reactions`
   * gives them), in one read: what both sides' views of a change need.
   */
  withReactions(seq: number, replyToSeq: number | null): Promise<{ details: MessageDetails[]; reactions: StoredReaction[] }>;
  /**
   * Applies a change and logs it, in one transaction; returns its change seq. An edit or a
   * retraction writes the shared copy (and drops the sender's own), or when hidden the sender's
   * own copy only. A reaction is added (once per person and emoji; hidden when the change is)
   * or removed. Throws DuplicateChangeError for a client id the actor used before.
   */
  apply(change: NewChange): Promise<number>;
  /** The change the actor made with this client id, if any. */
  findChange(actorId: string, clientId: string): Promise<{ seq: number; messageSeq: number; kind: ChangeKind } | null>;
  /**
   * The messages changed after a change seq that the viewer hears of (as actor, or as the peer
   * of a change not hidden), each once, in change order; `cursor` is the newest change read.
   */
  changedFor(viewerId: string, afterSeq: number, limit: number): Promise<{ messageSeqs: number[]; cursor: number; hasMore: boolean }>;
  /** The newest change seq the viewer hears of (0 when none). */
  newestChange(viewerId: string): Promise<number>;
}
