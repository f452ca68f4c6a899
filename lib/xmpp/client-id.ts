// XMPP clients name a message with `origin-id` (XEP-0359) or the stanza id, any string; the
// instant message service wants a UUID per sender so that a retry is the same message. The
// UUID is derived from the sender and the client's id (name-based, RFC 9562 §5.5 layout), so
// the same retry maps to the same UUID and two senders' ids never collide.
import { createHash, randomUUID } from "node:crypto";

/** A name-based UUID (version 5 layout): the same name, the same UUID. */
export function nameBasedUuid(name: string): string {
  const hash = createHash("sha1").update(name).digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export function clientMessageId(senderId: string, xmppId: string | undefined): string {
  if (!xmppId) return randomUUID();
  return nameBasedUuid(`xmpp:${senderId}:${xmppId}`);
}
