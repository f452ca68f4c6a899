import { describe, expect, it } from "vitest";
import { countsDiffer, memberReceipts, movedSpan, receiptCounts, type ReceiptMember } from "./receipts";

const member = (userId: string, over: Partial<ReceiptMember> = {}): ReceiptMember => ({
  userId,
  state: "member",
  fromSeq: 1,
  untilSeq: null,
  deliveredSeq: 0,
  readSeq: 0,
  readReceipts: true,
  ...over,
});
const open = { senderReadReceipts: true, senderBlocks: () => false };

describe("group receipts", () => {
  it("counts the members the message went to, not the sender, not one added later or gone before", () => {
    const receipts = memberReceipts(
      { seq: 10, senderId: "s" },
      [member("s"), member("a", { deliveredSeq: 10 }), member("b", { readSeq: 12 }), member("late", { fromSeq: 11 }), member("gone", { untilSeq: 9, state: "left" })],
      open,
    );
    expect(receipts).toEqual([
      { userId: "a", delivered: true, read: false },
      { userId: "b", delivered: true, read: true },
    ]);
    expect(receiptCounts(receipts)).toEqual({ delivered: 2, read: 1, of: 2 });
  });

  it("still counts a member who left after the message", () => {
    expect(memberReceipts({ seq: 10, senderId: "s" }, [member("a", { untilSeq: 15, state: "left", readSeq: 10 })], open)).toEqual([
      { userId: "a", delivered: true, read: true },
    ]);
  });

  it("leaves out invited members and those the sender blocks", () => {
    const receipts = memberReceipts(
      { seq: 10, senderId: "s" },
      [member("invited", { state: "invited", readSeq: 10 }), member("blocked", { readSeq: 10 })],
      { senderReadReceipts: true, senderBlocks: (id) => id === "blocked" },
    );
    expect(receipts).toEqual([]);
  });

  it("shows a read only while both the member's and the sender's settings allow", () => {
    const members = [member("off", { readSeq: 10, readReceipts: false }), member("on", { readSeq: 10 })];
    expect(memberReceipts({ seq: 10, senderId: "s" }, members, open).map((receipt) => receipt.read)).toEqual([false, true]);
    expect(memberReceipts({ seq: 10, senderId: "s" }, members, { ...open, senderReadReceipts: false }).map((receipt) => receipt.read)).toEqual([false, false]);
  });

  it("says nothing of a member who looks offline to the sender: counted, never delivered or read", () => {
    const members = [member("invisible", { deliveredSeq: 10, readSeq: 10 }), member("seen", { readSeq: 10 })];
    const receipts = memberReceipts({ seq: 10, senderId: "s" }, members, { ...open, hiddenFromSender: (id) => id === "invisible" });
    expect(receipts).toEqual([
      { userId: "invisible", delivered: false, read: false },
      { userId: "seen", delivered: true, read: true },
    ]);
    expect(receiptCounts(receipts)).toEqual({ delivered: 1, read: 1, of: 2 });
  });
});


describe("which receipts a move of marks can change", () => {
  it("delivered: the seqs past the higher mark, up to the new one", () => {
    expect(movedSpan({ deliveredSeq: 5, readSeq: 2 }, { deliveredSeq: 9, readSeq: 2 })).toEqual({ from: 5, to: 9 });
  });

  it("read: the seqs past the old read mark, delivered ones included", () => {
    expect(movedSpan({ deliveredSeq: 9, readSeq: 2 }, { deliveredSeq: 9, readSeq: 6 })).toEqual({ from: 2, to: 9 });
    expect(movedSpan({ deliveredSeq: 3, readSeq: 3 }, { deliveredSeq: 3, readSeq: 8 })).toEqual({ from: 3, to: 8 });
  });

  it("nothing when neither mark moved", () => {
    expect(movedSpan({ deliveredSeq: 9, readSeq: 4 }, { deliveredSeq: 9, readSeq: 4 })).toBeNull();
  });

  it("counts differ when any of delivered, read or of does", () => {
    expect(countsDiffer({ delivered: 1, read: 0, of: 2 }, { delivered: 1, read: 0, of: 2 })).toBe(false);
    expect(countsDiffer({ delivered: 1, read: 0, of: 2 }, { delivered: 2, read: 0, of: 2 })).toBe(true);
    expect(countsDiffer({ delivered: 1, read: 0, of: 2 }, { delivered: 1, read: 1, of: 2 })).toBe(true);
  });
});
