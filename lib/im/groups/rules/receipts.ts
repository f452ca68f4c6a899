// Receipts of a group message for its sender: "delivered to n of m, read by k". Pure.
import { seqInRange } from "./visibility";

export type ReceiptMember = {
  userId: string;
  state: string;
  fromSeq: number;
  untilSeq: number | null;
  deliveredSeq: number;
  readSeq: number;
  /** The member's own read-receipt setting. */
  readReceipts: boolean;
};

export type MemberReceipt = { userId: string; delivered: boolean; read: boolean };

/**
 * Each member the message was sent to, with whether it has it and read it: members whose range
 * covered its seq, not invited (a request sends no receipts), not the sender, and not those the
 * sender blocks (they never get it). `read` shows only while the member's setting and the
 * sender's allow; neither shows while the member looks offline to the sender.
 */
export function memberReceipts(
  message: { seq: number; senderId: string },
  members: ReceiptMember[],
  facts: {
    senderReadReceipts: boolean;
    senderBlocks: (userId: string) => boolean;
    /** The member looks offline to the sender (invisible, polite-block): its receipts say nothing. */
    hiddenFromSender?: (userId: string) => boolean;
  },
): MemberReceipt[] {
  return members
    .filter(
      (member) =>
        member.userId !== message.senderId &&
        member.state !== "invited" &&
        member.state !== "declined" &&
        seqInRange({ fromSeq: member.fromSeq, untilSeq: member.untilSeq, clearedSeq: 0 }, message.seq) &&
        !facts.senderBlocks(member.userId),
    )
    .map((member) => {
      // Receipts never tell more than presence does: one who looks offline has it "sent" only.
      const shows = !(facts.hiddenFromSender?.(member.userId) ?? false);
      return {
        userId: member.userId,
        delivered: shows && (member.deliveredSeq >= message.seq || member.readSeq >= message.seq),
        read: shows && member.readSeq >= message.seq && member.readReceipts && facts.senderReadReceipts,
      };
    });
}

/** The counts a message shows. */
export function receiptCounts(receipts: MemberReceipt[]): { delivered: number; read: number; of: number } {
  return {
    delivered: receipts.filter((receipt) => receipt.delivered).length,
    read: receipts.filter((receipt) => receipt.read).length,
    of: receipts.length,
  };
}

type Marks = { deliveredSeq: number; readSeq: number };

/**
 * The seqs `(from, to]` whose receipts a move of one member's marks can change (delivered moves
 * with the higher of its marks, read with its read mark); null when nothing moved.
 */
export function movedSpan(before: Marks, after: Marks): { from: number; to: number } | null {
  const deliveredBefore = Math.max(before.deliveredSeq, before.readSeq);
  const from = after.readSeq > before.readSeq ? Math.min(before.readSeq, deliveredBefore) : deliveredBefore;
  const to = Math.max(after.deliveredSeq, after.readSeq, deliveredBefore);
  return to > from ? { from, to } : null;
}

/** Whether two counts differ: a sender is told only of counts that changed. */
export const countsDiffer = (a: ReturnType<typeof receiptCounts>, b: ReturnType<typeof receiptCounts>): boolean =>
  a.delivered !== b.delivered || a.read !== b.read || a.of !== b.of;
