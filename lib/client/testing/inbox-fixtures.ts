// Messages and conversations for the inbox's unit tests.
import type { ConversationSummary, InboxSettings, InboxSnapshot, InstantMessage } from "@/lib/protocol";

let ids = 0;

/** A message in a conversation with `peer`; ids are derived from seq unless given. */
export function message(seq: number, overrides: Partial<InstantMessage> = {}): InstantMessage {
  const direction = overrides.direction ?? "incoming";
  ids += 1;
  return {
    id: `00000000-0000-4000-8000-${String(seq).padStart(12, "0")}`,
    seq,
    peer: "bob",
    direction,
    clientId: direction === "outgoing" ? `10000000-0000-4000-8000-${String(ids).padStart(12, "0")}` : null,
    body: `message ${seq}`,
    sentAt: new Date(Date.UTC(2026, 10, 5, 12, 0, seq)).toISOString(),
    status: direction === "outgoing" ? "sent" : "delivered",
    attachments: [],
    editedAt: null,
    retracted: false,
    replyTo: null,
    reactions: [],
    ...overrides,
  };
}

export function summary(peer: string, lastMessage: InstantMessage, overrides: Partial<ConversationSummary> = {}): ConversationSummary {
  return {
    peer,
    displayName: peer,
    state: "accepted",
    unread: 0,
    lastReadSeq: 0,
    peerReadSeq: 0,
    lastMessage,
    pinned: false,
    muted: false,
    markedUnread: false,
    ...overrides,
  };
}

export const defaultSettings: InboxSettings = { acceptFrom: "everyone", readReceipts: true, notifyWhileBusy: false };

export function snapshot(conversations: ConversationSummary[], cursor?: number): InboxSnapshot {
  return {
    conversations,
    cursor: cursor ?? Math.max(0, ...conversations.map((conversation) => conversation.lastMessage.seq)),
    changeCursor: 0,
    settings: defaultSettings,
  };
}
