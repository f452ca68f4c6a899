// Delivered and read, as XMPP clients show them: a receipt (XEP-0184) per delivered message and
// a `displayed` chat marker (XEP-0333) for the newest message read. A client knows its own
// messages by the id it gave them, so each session remembers, for what it sent, which message
// became which (ClientIds); a message sent elsewhere reached it by the server's id. Pure builders.
import xml, { type Element } from "@xmpp/xml";
import { NS } from "./stanza";

/** How many of its own sends a session remembers the ids of (older ones get receipts by the server's id). */
const REMEMBERED = 1_000;

/** The ids a client gave its messages, by the server's message id. */
export function createClientIds() {
  /** Made on the first send: many sessions only watch. */
  let byMessage: Map<string, string> | null = null;
  return {
    remember(messageId: string, clientId: string) {
      byMessage ??= new Map();
      byMessage.set(messageId, clientId);
      if (byMessage.size > REMEMBERED) byMessage.delete(byMessage.keys().next().value!);
    },
    /** The id this client knows the message by. */
    of: (messageId: string) => byMessage?.get(messageId) ?? messageId,
  };
}
export type ClientIds = ReturnType<typeof createClientIds>;

export const deliveryReceipt = (from: string, to: string, id: string): Element =>
  xml("message", { from, to }, xml("received", { xmlns: NS.receipts, id }));

export const displayedMarker = (from: string, to: string, id: string): Element =>
  xml("message", { type: "chat", from, to }, xml("displayed", { xmlns: NS.markers, id }));
