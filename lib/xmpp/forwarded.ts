// Messages of the archive as XMPP forwards them (XEP-0297) inside MAM results (XEP-0313) and
// carbons (XEP-0280): the message as it went between the two bare JIDs, with the server's
// stanza-id (XEP-0359) and when it was stored (XEP-0203). Pure builders.
import xml, { type Element } from "@xmpp/xml";
import type { InstantMessage } from "@/lib/protocol/im";
import { bareJid } from "./jid";
import { contactJid } from "./outbound";
import { NS } from "./stanza";

/** An archived message between the owner and its peer, as either side sent it. */
export function archivedMessage(message: InstantMessage, owner: string, domain: string): Element {
  const own = bareJid(owner, domain);
  const outgoing = message.direction === "outgoing";
  return xml(
    "message",
    {
      xmlns: NS.client,
      type: "chat",
      id: message.id,
      from: outgoing ? own : contactJid(message.peer, domain),
      to: outgoing ? bareJid(message.peer, domain) : own,
    },
    xml("body", {}, message.body),
    xml("stanza-id", { xmlns: NS.sid, id: message.id, by: own }),
  );
}

export function forwarded(message: InstantMessage, owner: string, domain: string): Element {
  return xml(
    "forwarded",
    { xmlns: NS.forward },
    xml("delay", { xmlns: NS.delay, stamp: message.sentAt }),
    archivedMessage(message, owner, domain),
  );
}

/** One MAM result for a query (XEP-0313 §4.2), its id the archive's id (the message id). */
export function archiveResult(message: InstantMessage, queryId: string | undefined, to: string, owner: string, domain: string): Element {
  return xml(
    "message",
    { to, from: bareJid(owner, domain) },
    xml("result", { xmlns: NS.mam, queryid: queryId, id: message.id }, forwarded(message, owner, domain)),
  );
}

/** A message the owner sent from another device, copied to this resource (XEP-0280 §6). */
export function sentCarbon(message: InstantMessage, to: string, owner: string, domain: string): Element {
  return xml(
    "message",
    { type: "chat", from: bareJid(owner, domain), to },
    xml("sent", { xmlns: NS.carbons }, forwarded(message, owner, domain)),
  );
}
