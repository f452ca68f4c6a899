// What a sender may learn of the other side through receipts (delivered, read) and typing
// notices. Pure. Each of them tells that the other person is around, so none may tell more
// than the sender's view of that person's presence (a polite-block or invisible person must
// look like one who is offline), and accepting a message request must tell its sender nothing.
import type { ConversationState, DeliveryOutcome } from "./delivery";

/** One side of a conversation, as far as receipts care. */
export type ReceiptSide = {
  state: ConversationState;
  /** False after a silent accept of a request, until that side writes in the conversation. */
  acknowledged: boolean;
};

export type ReceiptFacts = {
  /** The sender's view of the recipient's presence is hidden (polite-block, block, or invisible). */
  hidden: boolean;
  /** The recipient's side of the conversation; null when there is none. */
  recipientSide: ReceiptSide | null;
};

/**
 * Whether receipts for the sender's messages are held back: while its view of the recipient is
 * hidden (they would show the recipient online), while the conversation is a request or
 * declined on the recipient's side (a declined request must look unanswered), and after the
 * recipient accepted it until the recipient writes in it (accepting is not announced).
 */
export function receiptsHeld(facts: ReceiptFacts): boolean {
  if (facts.hidden) return true;
  return facts.recipientSide?.state !== "accepted" || !facts.recipientSide.acknowledged;
}

/** Whether a reader's read receipt reaches the sender: both have receipts on, and none are held. */
export function readReceiptSent(facts: { readerReceipts: boolean; senderReceipts: boolean; held: boolean }): boolean {
  return facts.readerReceipts && facts.senderReceipts && !facts.held;
}

/**
 * Whether a typing notice reaches the other side: only where the typist's message would be
 * delivered into a conversation, not while the other side's view of the typist is hidden
 * (typing shows the typist online), and not from the typist's side of a request it has not
 * written back to (typing there would tell that the request was opened).
 */
export function typingRelayed(facts: {
  /** The other side's delivery rules for a message from the typist. */
  outcome: DeliveryOutcome;
  /** The other side's view of the typist is hidden. */
  hidden: boolean;
  /** The typist's own side of the conversation; null when there is none yet. */
  typistSide: ReceiptSide | null;
}): boolean {
  if (facts.outcome !== "deliver" || facts.hidden) return false;
  return facts.typistSide === null || (facts.typistSide.state === "accepted" && facts.typistSide.acknowledged);
}
