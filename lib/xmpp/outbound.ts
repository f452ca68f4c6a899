// Outbound stanzas, built with @xmpp/xml (which escapes): presence, roster items, messages,
// and stanza errors (RFC 6120 §8.3). Pure builders; the session sends what they return.
import xml, { type Element } from "@xmpp/xml";
import type { InstantMessage } from "@/lib/protocol/im";
import { bareJid, CONTACT_RESOURCE } from "./jid";
import type { OutgoingPresence } from "./presence-map";
import type { RosterItem } from "./roster";
import { NS } from "./stanza";
import { nickElement } from "./vcard";

export type ErrorType = "cancel" | "modify" | "wait" | "auth";
export type StanzaErrorCondition =
  | "bad-request"
  | "feature-not-implemented"
  | "forbidden"
  | "internal-server-error"
  | "item-not-found"
  | "not-acceptable"
  | "not-allowed"
  | "policy-violation"
  | "resource-constraint"
  | "service-unavailable";

/** A stanza error a handler throws; the dispatcher answers the stanza with it. */
export class StanzaError extends Error {
  constructor(
    readonly condition: StanzaErrorCondition,
    readonly type: ErrorType,
    readonly text?: string,
    /** An application-specific condition (RFC 6120 §8.3.3.8), such as XEP-0363's file-too-large. */
    readonly application?: Element,
  ) {
    super(text ?? condition);
  }
}

export const contactJid = (username: string, domain: string) => `${bareJid(username, domain)}/${CONTACT_RESOURCE}`;

export function errorElement(error: StanzaError): Element {
  return xml(
    "error",
    { type: error.type },
    xml(error.condition, { xmlns: NS.stanzas }),
    error.text ? xml("text", { xmlns: NS.stanzas, "xml:lang": "en" }, error.text) : null,
    error.application,
  );
}

/** The stanza bounced back to its sender with an error (from and to swapped). */
export function bounce(kind: "iq" | "message" | "presence", original: { id?: string; to?: string }, to: string, error: StanzaError): Element {
  return xml(kind, { type: "error", id: original.id, from: original.to, to }, errorElement(error));
}

export function presenceStanza(from: string, to: string, presence: OutgoingPresence): Element {
  return xml(
    "presence",
    { from, to, type: presence.available ? undefined : "unavailable" },
    presence.show ? xml("show", {}, presence.show) : null,
    presence.status ? xml("status", {}, presence.status) : null,
  );
}

/**
 * A request to watch the account (RFC 6121 §3.1.3) from a requester the rules let it see, with
 * the requester's display name as XEP-0172's nick, as the web app lists the request.
 */
export function subscriptionRequest(request: { username: string; displayName: string }, to: string, domain: string): Element {
  return xml("presence", { type: "subscribe", from: bareJid(request.username, domain), to }, nickElement(request.displayName));
}

export function rosterItemElement(item: RosterItem, domain: string): Element {
  return xml(
    "item",
    {
      jid: bareJid(item.username, domain),
      name: item.name,
      subscription: item.subscription,
      ask: item.ask ? "subscribe" : undefined,
    },
    ...item.groups.map((group) => xml("group", {}, group)),
  );
}

export const removedRosterItem = (username: string, domain: string) =>
  xml("item", { jid: bareJid(username, domain), subscription: "remove" });

/** A roster push (RFC 6121 §2.1.6) of one or more items. */
export function rosterPush(to: string, id: string, items: Element[]): Element {
  return xml("iq", { type: "set", id, to }, xml("query", { xmlns: NS.roster }, ...items));
}

/**
 * An incoming message of the inbox as a chat message: its server id as the stanza id and as a
 * stanza-id (XEP-0359), and, when it waited for a device to open, when it was sent (XEP-0203).
 * It asks for a receipt (XEP-0184) and a read marker (XEP-0333): they become delivered and read.
 */
export function chatMessage(message: InstantMessage, to: string, domain: string, options: { delayed: boolean }): Element {
  return xml(
    "message",
    { type: "chat", id: message.id, from: contactJid(message.peer, domain), to },
    xml("body", {}, message.body),
    xml("stanza-id", { xmlns: NS.sid, id: message.id, by: to.split("/")[0] }),
    options.delayed ? xml("delay", { xmlns: NS.delay, from: domain, stamp: message.sentAt }) : null,
    xml("request", { xmlns: NS.receipts }),
    xml("markable", { xmlns: NS.markers }),
  );
}

/** A chat state (XEP-0085) from a peer: composing, or paused when they stopped. */
export function chatState(from: string, to: string, typing: boolean): Element {
  return xml("message", { type: "chat", from, to }, xml(typing ? "composing" : "paused", { xmlns: NS.chatStates }));
}
