import { describe, expect, it } from "vitest";
import type { StoredConversation, StoredMessage } from "@/lib/db/im/message-store";
import { conversationSummary, messageView } from "./views";

const message: StoredMessage = {
  seq: 7,
  id: "m-7",
  senderId: "alice-id",
  recipientId: "bob-id",
  clientId: "client-7",
  body: "hello",
  sentAt: new Date("2030-01-01T12:00:00Z"),
  deliveredAt: null,
};
const marks = { lastReadSeq: 0, peerReadSeq: 0 };

describe("messageView", () => {
  it("shows the sender its client id and the state it may know", () => {
    expect(messageView(message, { viewerId: "alice-id", peer: "bob", conversation: marks, viewerReceipts: true })).toEqual({
      id: "m-7",
      seq: 7,
      peer: "bob",
      direction: "outgoing",
      clientId: "client-7",
      body: "hello",
      sentAt: "2030-01-01T12:00:00.000Z",
      status: "sent",
      attachments: [],
      editedAt: null,
      retracted: false,
      replyTo: null,
      reactions: [],
    });
  });

  it("hides the sender's client id from the recipient", () => {
    const view = messageView(message, { viewerId: "bob-id", peer: "alice", conversation: null, viewerReceipts: true });
    expect(view).toMatchObject({ direction: "incoming", clientId: null, peer: "alice", status: "delivered" });
  });
});

describe("conversationSummary", () => {
  const conversation: StoredConversation = {
    ownerId: "alice-id",
    peerId: "bob-id",
    state: "request",
    lastSeq: 7,
    lastReadSeq: 3,
    peerReadSeq: 5,
    acknowledged: true,
    pinnedAt: null,
    muted: true,
    markedUnread: false,
  };
  const lastMessage = messageView(message, { viewerId: "alice-id", peer: "bob", conversation, viewerReceipts: true });
  const facts = { peer: "bob", displayName: "Bob", unread: 2, lastMessage };

  it("carries the state, read marks and unread count", () => {
    expect(conversationSummary(conversation, { ...facts, viewerReceipts: true })).toEqual({
      peer: "bob",
      displayName: "Bob",
      state: "request",
      unread: 2,
      lastReadSeq: 3,
      peerReadSeq: 5,
      lastMessage,
      pinned: false,
      muted: true,
      markedUnread: false,
    });
  });

  it("shows the owner's marks: pinned when it has a pin time", () => {
    const marked = { ...conversation, pinnedAt: new Date(0), muted: false, markedUnread: true };
    expect(conversationSummary(marked, { ...facts, viewerReceipts: true })).toMatchObject({ pinned: true, muted: false, markedUnread: true });
  });

  it("hides how far the peer read while the viewer's receipts are off", () => {
    expect(conversationSummary(conversation, { ...facts, viewerReceipts: false }).peerReadSeq).toBe(0);
  });
});
