import { describe, expect, it } from "vitest";
import { memberReceipts, receiptCounts, type ReceiptMember } from "./receipts";

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

