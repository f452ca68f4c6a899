import { describe, expect, it } from "vitest";
import { type StatusFacts, messageStatus } from "./message-status";

const outgoing = (over: Partial<StatusFacts> = {}): StatusFacts => ({
  seq: 10,
  delivered: false,
  outgoing: true,
  lastReadSeq: 0,
  peerReadSeq: 0,
  viewerReceipts: true,
  ...over,
});

describe("messageStatus, outgoing", () => {
  it("goes sent → delivered → read", () => {
    expect(messageStatus(outgoing())).toBe("sent");
    expect(messageStatus(outgoing({ delivered: true }))).toBe("delivered");
    expect(messageStatus(outgoing({ delivered: true, peerReadSeq: 10 }))).toBe("read");
  });

  it("is read when the peer read past it, delivered or not", () => {
    expect(messageStatus(outgoing({ peerReadSeq: 12 }))).toBe("read");
  });

  it("is not read when the peer read only older messages", () => {
    expect(messageStatus(outgoing({ delivered: true, peerReadSeq: 9 }))).toBe("delivered");
  });

  it("never shows read while the viewer has read receipts off", () => {
    expect(messageStatus(outgoing({ delivered: true, peerReadSeq: 10, viewerReceipts: false }))).toBe("delivered");
    expect(messageStatus(outgoing({ peerReadSeq: 10, viewerReceipts: false }))).toBe("sent");
  });
});

describe("messageStatus, incoming", () => {
  const incoming = (lastReadSeq: number) => outgoing({ outgoing: false, delivered: true, lastReadSeq });

  it("is delivered until the viewer read up to it, then read", () => {
    expect(messageStatus(incoming(9))).toBe("delivered");
    expect(messageStatus(incoming(10))).toBe("read");
    expect(messageStatus(incoming(50))).toBe("read");
  });

  it("ignores the viewer's receipt setting: it is the viewer's own reading", () => {
    expect(messageStatus({ ...incoming(10), viewerReceipts: false })).toBe("read");
  });
});
