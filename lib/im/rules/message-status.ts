// The state of a message as one side may see it. Pure.
import type { MessageStatus } from "@/lib/protocol/im";

export type StatusFacts = {
  seq: number;
  /** A device of the recipient confirmed the message. */
  delivered: boolean;
  /** The viewer sent the message. */
  outgoing: boolean;
  /** Incoming: the viewer read up to here. */
  lastReadSeq: number;
  /** Outgoing: the peer read up to here (advanced only while both sides had receipts on). */
  peerReadSeq: number;
  /** The viewer's read receipts are on: with them off, neither side sends nor sees them. */
  viewerReceipts: boolean;
};

export function messageStatus(facts: StatusFacts): MessageStatus {
  if (!facts.outgoing) return facts.seq <= facts.lastReadSeq ? "read" : "delivered";
  if (facts.viewerReceipts && facts.seq <= facts.peerReadSeq) return "read";
  return facts.delivered ? "delivered" : "sent";
}
