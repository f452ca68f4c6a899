import { describe, expect, it } from "vitest";
import type { MessageDetails } from "@/lib/db/im/message-change-store";
import { holds, reactionSummaries, replyQuote, viewerCopy } from "./change-views";

const details = (overrides: Partial<MessageDetails> = {}): MessageDetails => ({
  seq: 5,
  id: "m5",
  senderId: "a",
  recipientId: "b",
  clientId: "c5",
  sentAt: new Date(0),
  deliveredAt: null,
  body: "shared",
  deletedBySender: false,
  deletedByRecipient: false,
  replyToSeq: null,
  editedAt: null,
  retractedAt: null,
  senderBody: null,
  senderEditedAt: null,
  senderRetractedAt: null,
  ...overrides,
});

describe("viewerCopy", () => {
  it("shows the sender's own copy to the sender only", () => {
    const row = details({ senderBody: "mine", senderEditedAt: new Date(1) });
    expect(viewerCopy(row, "a")).toEqual({ body: "mine", editedAt: new Date(1), retracted: false });
    expect(viewerCopy(row, "b")).toEqual({ body: "shared", editedAt: null, retracted: false });
  });
  it("a retraction on the sender's side alone leaves the recipient's copy", () => {
    const row = details({ senderBody: "", senderRetractedAt: new Date(1) });
    expect(viewerCopy(row, "a").retracted).toBe(true);
    expect(viewerCopy(row, "b")).toMatchObject({ body: "shared", retracted: false });
    expect(viewerCopy(details({ retractedAt: new Date(1), body: "" }), "b")).toMatchObject({ body: "", retracted: true });
  });
});

describe("reactionSummaries", () => {
  const names = new Map([
    ["a", "alice"],
    ["b", "bob"],
  ]);
  it("counts per emoji, marks mine, names who reacted", () => {
    const rows = [
      { userId: "a", emoji: "👍", hidden: false },
      { userId: "b", emoji: "👍", hidden: false },
      { userId: "b", emoji: "❤️", hidden: false },
    ];
    expect(reactionSummaries(rows, "a", names)).toEqual([
      { emoji: "👍", count: 2, mine: true, users: ["alice", "bob"] },
      { emoji: "❤️", count: 1, mine: false, users: ["bob"] },
    ]);
  });
  it("shows a hidden reaction to its giver only", () => {
    const rows = [{ userId: "a", emoji: "👍", hidden: true }];
    expect(reactionSummaries(rows, "b", names)).toEqual([]);
    expect(reactionSummaries(rows, "a", names)).toHaveLength(1);
  });
});

describe("replyQuote", () => {
  it("never gives the text of a target the viewer lacks or that was retracted", () => {
    expect(replyQuote(details({ deletedByRecipient: true }), "b")).toEqual({ id: "m5", available: false });
    expect(replyQuote(details({ retractedAt: new Date(1), body: "" }), "a")).toEqual({ id: "m5", available: false });
    expect(replyQuote(details(), "b")).toEqual({ id: "m5", available: true, seq: 5, direction: "incoming", body: "shared" });
  });
  it("holds follows each side's deletion", () => {
    expect(holds(details({ deletedBySender: true }), "a")).toBe(false);
    expect(holds(details({ deletedBySender: true }), "b")).toBe(true);
  });
});
