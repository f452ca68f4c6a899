import { describe, expect, it } from "vitest";
import type { DeliveryOutcome } from "./delivery";
import { type ReceiptSide, readReceiptSent, receiptsHeld, typingRelayed } from "./receipts";

const accepted: ReceiptSide = { state: "accepted", acknowledged: true };
const silentlyAccepted: ReceiptSide = { state: "accepted", acknowledged: false };
const request: ReceiptSide = { state: "request", acknowledged: true };
const declined: ReceiptSide = { state: "declined", acknowledged: true };

describe("receiptsHeld", () => {
  it("lets receipts through in an accepted conversation the sender may see the recipient in", () => {
    expect(receiptsHeld({ hidden: false, recipientSide: accepted })).toBe(false);
  });

  it("holds them while the sender's view of the recipient is hidden", () => {
    expect(receiptsHeld({ hidden: true, recipientSide: accepted })).toBe(true);
  });

  it("holds them for a request, a declined conversation, and none at all", () => {
    expect(receiptsHeld({ hidden: false, recipientSide: request })).toBe(true);
    expect(receiptsHeld({ hidden: false, recipientSide: declined })).toBe(true);
    expect(receiptsHeld({ hidden: false, recipientSide: null })).toBe(true);
  });

  it("holds them after a silent accept until the recipient writes in the conversation", () => {
    expect(receiptsHeld({ hidden: false, recipientSide: silentlyAccepted })).toBe(true);
    expect(receiptsHeld({ hidden: true, recipientSide: silentlyAccepted })).toBe(true);
  });
});

describe("readReceiptSent", () => {
  it("needs both sides' receipts on and nothing holding them", () => {
    expect(readReceiptSent({ readerReceipts: true, senderReceipts: true, held: false })).toBe(true);
    expect(readReceiptSent({ readerReceipts: false, senderReceipts: true, held: false })).toBe(false);
    expect(readReceiptSent({ readerReceipts: true, senderReceipts: false, held: false })).toBe(false);
    expect(readReceiptSent({ readerReceipts: true, senderReceipts: true, held: true })).toBe(false);
  });
});

describe("typingRelayed", () => {
  const relayed = (over: Partial<Parameters<typeof typingRelayed>[0]> = {}) =>
    typingRelayed({ outcome: "deliver", hidden: false, typistSide: accepted, ...over });

  it("relays into a conversation the typist's message would be delivered to", () => {
    expect(relayed()).toBe(true);
    expect(relayed({ typistSide: null })).toBe(true); // the typist starts the conversation
  });

  it("relays nothing where a message would not be delivered into a conversation", () => {
    const others: DeliveryOutcome[] = ["request", "declined-silently", "refuse-unknown", "refuse-contacts-only", "refuse-nobody"];
    for (const outcome of others) expect(relayed({ outcome })).toBe(false);
  });

  it("relays nothing while the other side's view of the typist is hidden", () => {
    expect(relayed({ hidden: true })).toBe(false);
  });

  it("relays nothing from a request the typist has not written back to", () => {
    expect(relayed({ typistSide: request })).toBe(false);
    expect(relayed({ typistSide: declined })).toBe(false);
    expect(relayed({ typistSide: silentlyAccepted })).toBe(false);
  });
});
