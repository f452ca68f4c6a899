// Inbound stanzas as plain objects: each parsed element is translated into an object, and the
// object validated (zod) before any handler sees it. Handlers never read XML themselves.
import type { Element } from "@xmpp/xml";
import { z } from "zod";

export const NS = {
  client: "jabber:client",
  stream: "http://etherx.jabber.org/streams",
  streams: "urn:ietf:params:xml:ns:xmpp-streams",
  stanzas: "urn:ietf:params:xml:ns:xmpp-stanzas",
  tls: "urn:ietf:params:xml:ns:xmpp-tls",
  sasl: "urn:ietf:params:xml:ns:xmpp-sasl",
  bind: "urn:ietf:params:xml:ns:xmpp-bind",
  session: "urn:ietf:params:xml:ns:xmpp-session",
  roster: "jabber:iq:roster",
  discoInfo: "http://jabber.org/protocol/disco#info",
  discoItems: "http://jabber.org/protocol/disco#items",
  ping: "urn:xmpp:ping",
  sid: "urn:xmpp:sid:0",
  chatStates: "http://jabber.org/protocol/chatstates",
  delay: "urn:xmpp:delay",
  vcard: "vcard-temp",
  oob: "jabber:x:oob",
  mam: "urn:xmpp:mam:2",
  rsm: "http://jabber.org/protocol/rsm",
  dataForms: "jabber:x:data",
  forward: "urn:xmpp:forward:0",
  carbons: "urn:xmpp:carbons:2",
  receipts: "urn:xmpp:receipts",
  markers: "urn:xmpp:chat-markers:0",
  blocking: "urn:xmpp:blocking",
  nick: "http://jabber.org/protocol/nick",
  hints: "urn:xmpp:hints",
  muc: "http://jabber.org/protocol/muc",
  mucUser: "http://jabber.org/protocol/muc#user",
  conference: "jabber:x:conference",
} as const;

const jidText = z.string().min(1).max(3071);
const idText = z.string().max(256);

export const iqSchema = z.object({
  kind: z.literal("iq"),
  type: z.enum(["get", "set", "result", "error"]),
  id: idText.min(1),
  to: jidText.optional(),
  /** The one payload child of a get or set (RFC 6120 §8.2.3), by namespace and name. */
  payload: z.object({ xmlns: z.string().max(256), name: z.string().max(256) }).nullable(),
});
export type IqStanza = z.infer<typeof iqSchema> & { element: Element };

export const presenceSchema = z.object({
  kind: z.literal("presence"),
  type: z.enum(["available", "unavailable", "subscribe", "subscribed", "unsubscribe", "unsubscribed", "probe", "error"]),
  id: idText.optional(),
  to: jidText.optional(),
  show: z.enum(["away", "chat", "dnd", "xa"]).optional(),
  status: z.string().max(1024).optional(),
  /** XEP-0045 `<x xmlns='http://jabber.org/protocol/muc'>`: a join, with the history it asks for. */
  muc: z
    .object({
      history: z
        .object({
          maxstanzas: z.string().max(20).optional(),
          maxchars: z.string().max(20).optional(),
          seconds: z.string().max(20).optional(),
          since: z.string().max(64).optional(),
        })
        .optional(),
    })
    .optional(),
});
export type PresenceStanza = z.infer<typeof presenceSchema>;

export const CHAT_STATES = ["active", "composing", "paused", "inactive", "gone"] as const;
/** Receipts and chat markers an XMPP client sends about messages it got: delivered, or read. */
export const MARKERS = ["received", "displayed", "acknowledged"] as const;

export const messageSchema = z.object({
  kind: z.literal("message"),
  type: z.enum(["chat", "normal", "groupchat", "headline", "error"]),
  id: idText.optional(),
  to: jidText.optional(),
  body: z.string().max(64 * 1024).optional(),
  originId: idText.optional(),
  /** XEP-0066 out-of-band data: the URL of a file (an HTTP upload's GET URL). */
  oobUrl: z.string().max(4096).optional(),
  chatState: z.enum(CHAT_STATES).optional(),
  /** A receipt (XEP-0184) or chat marker (XEP-0333) for one of the peer's messages, by its id. */
  marker: z.object({ kind: z.enum(MARKERS), id: idText.min(1) }).optional(),
  /** XEP-0280 §7 `<private/>` or XEP-0334 `<no-copy/>`: the account's other resources get no carbon. */
  noCopies: z.boolean(),
  /** A room's new subject (XEP-0045 §8.1); "" clears it. */
  subject: z.string().max(1024).optional(),
});
export type MessageStanza = z.infer<typeof messageSchema>;

export type Stanza = IqStanza | PresenceStanza | MessageStanza;

export type Translated = { ok: true; stanza: Stanza } | { ok: false; id?: string; kind: string; message: string };

const attr = (element: Element, name: string) => element.attrs[name];

function firstChildOf(element: Element): Element | undefined {
  return element.getChildElements()[0];
}

function translateIq(element: Element) {
  const child = firstChildOf(element);
  return {
    kind: "iq" as const,
    type: attr(element, "type"),
    id: attr(element, "id"),
    to: attr(element, "to"),
    payload: child ? { xmlns: child.attrs.xmlns ?? "", name: child.name } : null,
  };
}

function translatePresence(element: Element) {
  return {
    kind: "presence" as const,
    type: attr(element, "type") ?? "available",
    id: attr(element, "id"),
    to: attr(element, "to"),
    show: element.getChildText("show") ?? undefined,
    status: element.getChildText("status") ?? undefined,
    muc: mucJoinOf(element),
  };
}

function mucJoinOf(element: Element) {
  const x = element.getChild("x", NS.muc);
  if (!x) return undefined;
  const history = x.getChild("history");
  const attrs = history?.attrs;
  return { history: attrs ? { maxstanzas: attrs.maxstanzas, maxchars: attrs.maxchars, seconds: attrs.seconds, since: attrs.since } : undefined };
}

/** A receipt `<received id>` (XEP-0184) or chat marker (XEP-0333) child, whichever the client sent. */
function markerOf(element: Element) {
  const receipt = element.getChild("received", NS.receipts);
  if (receipt) return { kind: "received", id: receipt.attrs.id };
  const marker = element.getChildElements().find((child) => child.attrs.xmlns === NS.markers && child.name !== "markable");
  return marker ? { kind: marker.name, id: marker.attrs.id } : undefined;
}

function translateMessage(element: Element) {
  const state = element.getChildElements().find((child) => child.attrs.xmlns === NS.chatStates);
  return {
    kind: "message" as const,
    type: attr(element, "type") ?? "normal",
    id: attr(element, "id"),
    to: attr(element, "to"),
    body: element.getChildText("body") ?? undefined,
    originId: element.getChild("origin-id", NS.sid)?.attrs.id,
    oobUrl: element.getChild("x", NS.oob)?.getChildText("url") ?? undefined,
    chatState: state?.name,
    marker: markerOf(element),
    noCopies: Boolean(element.getChild("private", NS.carbons) ?? element.getChild("no-copy", NS.hints)),
    subject: element.getChild("subject") ? element.getChildText("subject") ?? "" : undefined,
  };
}

/** A top-level stanza as a validated object, or why it is not one. */
export function translateStanza(element: Element): Translated {
  const namespace = element.attrs.xmlns;
  if (namespace !== undefined && namespace !== NS.client) {
    return { ok: false, kind: element.name, message: "Unknown namespace." };
  }
  const raw =
    element.name === "iq" ? translateIq(element) : element.name === "presence" ? translatePresence(element) : element.name === "message" ? translateMessage(element) : null;
  if (!raw) return { ok: false, kind: element.name, message: `Not a stanza: ${element.name.slice(0, 40)}.` };
  const schema = raw.kind === "iq" ? iqSchema : raw.kind === "presence" ? presenceSchema : messageSchema;
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, id: raw.id, kind: raw.kind, message: `Bad ${issue?.path.join(".") || raw.kind}.` };
  }
  return { ok: true, stanza: raw.kind === "iq" ? { ...(parsed.data as z.infer<typeof iqSchema>), element } : (parsed.data as Stanza) };
}

/** A roster set's one item (RFC 6121 §2.3), validated. */
export const rosterSetSchema = z.object({
  jid: jidText,
  name: z.string().max(256).optional(),
  subscription: z.enum(["none", "to", "from", "both", "remove"]).optional(),
  groups: z.array(z.string().min(1).max(40)).max(50),
});

export function translateRosterSet(query: Element) {
  const items = query.getChildren("item");
  if (items.length !== 1) return null;
  const item = items[0]!;
  const parsed = rosterSetSchema.safeParse({
    jid: item.attrs.jid,
    name: item.attrs.name,
    subscription: item.attrs.subscription,
    groups: item.getChildren("group").map((group) => group.getText()),
  });
  return parsed.success ? parsed.data : null;
}
