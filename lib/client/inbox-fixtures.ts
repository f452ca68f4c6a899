// Messages, conversations and a fake socket for the inbox's unit tests.
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
    ...overrides,
  };
}

export function summary(peer: string, lastMessage: InstantMessage, overrides: Partial<ConversationSummary> = {}): ConversationSummary {
  return { peer, displayName: peer, state: "accepted", unread: 0, lastReadSeq: 0, peerReadSeq: 0, lastMessage, ...overrides };
}

export const defaultSettings: InboxSettings = { acceptFrom: "everyone", readReceipts: true, notifyWhileBusy: false };

export function snapshot(conversations: ConversationSummary[], cursor?: number): InboxSnapshot {
  return {
    conversations,
    cursor: cursor ?? Math.max(0, ...conversations.map((conversation) => conversation.lastMessage.seq)),
    settings: defaultSettings,
  };
}

type Handler = (payload: never) => void;
type Answer = (payload: Record<string, unknown>) => unknown;

/**
 * A socket whose commands are answered by `answers` (an answer may be a promise, to hold it;
 * `undefined` from a missing answer means no answer: a timeout) and that lets a test emit
 * server events and drop or restore the connection.
 */
export function fakeSocket(answers: Record<string, Answer> = {}) {
  const handlers = new Map<string, Set<Handler>>();
  const sent: { event: string; payload: Record<string, unknown> }[] = [];
  const socket = {
    connected: true,
    on(event: string, handler: Handler) {
      handlers.set(event, (handlers.get(event) ?? new Set()).add(handler));
      return socket;
    },
    off(event: string, handler: Handler) {
      handlers.get(event)?.delete(handler);
      return socket;
    },
    timeout: () => ({
      emitWithAck: async (event: string, payload: Record<string, unknown>) => {
        sent.push({ event, payload });
        const answer = answers[event];
        if (!answer || !socket.connected) throw new Error("operation has timed out");
        const data = await answer(payload);
        if (data && typeof data === "object" && "ok" in data) return data;
        return { ok: true, data };
      },
    }),
    emit(event: string, payload?: unknown) {
      for (const handler of handlers.get(event) ?? []) handler(payload as never);
    },
    drop() {
      socket.connected = false;
      socket.emit("disconnect", "transport close");
    },
    reconnect() {
      socket.connected = true;
      socket.emit("connect");
    },
  };
  const sentOf = (event: string) => sent.filter((entry) => entry.event === event).map((entry) => entry.payload);
  return { socket, sent, sentOf, answers };
}
