// The dispatch registry: every inbound stanza of a bound session is translated and validated
// (stanza.ts), then goes to its handler: iq by payload namespace and name, presence, message.
// A later handler file adds its entries to IQ_HANDLERS. An iq nobody handles gets
// service-unavailable (RFC 6120 §8.4); a handler's error is answered as a stanza error. Each
// stanza spends the account's allowance of its command class, as a socket command does.
import xml, { type Element } from "@xmpp/xml";
import { bounce, errorElement, StanzaError } from "../outbound";
import { translateStanza } from "../stanza";
import { type HandlerContext, type IqHandlers, payloadKey } from "./context";
import { blockingHandlers } from "./blocking";
import { carbonsHandlers } from "./carbons";
import { discoHandlers } from "./disco";
import { stanzaErrorOf } from "./errors";
import { mamHandlers } from "./mam";
import { messageHandler } from "./message";
import { commandClassOf } from "../command-class";
import { mucAddress } from "../muc";
import { mucMessageHandler, mucPresenceHandler } from "./muc";
import { pingHandlers } from "./ping";
import { presenceHandler } from "./presence";
import { rosterHandlers } from "./roster";
import { uploadHandlers } from "./upload";
import { vcardHandlers } from "./vcard";

export const IQ_HANDLERS: IqHandlers = {
  ...pingHandlers,
  ...discoHandlers,
  ...rosterHandlers,
  ...uploadHandlers,
  ...mamHandlers,
  ...carbonsHandlers,
  ...blockingHandlers,
  ...vcardHandlers,
};

export async function dispatch(element: Element, context: HandlerContext): Promise<void> {
  const { session } = context;
  const translated = translateStanza(element);
  if (!translated.ok) {
    if (translated.kind === "iq" || translated.kind === "message") {
      const bad = new StanzaError("bad-request", "modify", translated.message);
      session.send(xml(translated.kind, { type: "error", id: translated.id, to: session.jid }, errorElement(bad)));
    }
    return;
  }
  const stanza = translated.stanza;
  // Stanzas to the group conversations' MUC service and its rooms (XEP-0045).
  const toRooms = stanza.kind !== "iq" && mucAddress(stanza.to, context.domain) !== null;
  // Answers to our pushes cost nothing; everything else spends the account's allowance of its class.
  if (!(stanza.kind === "iq" && (stanza.type === "result" || stanza.type === "error"))) {
    const wait = await context.services.commandLimiter.take(commandClassOf(stanza, toRooms), session.user.id, context.address);
    if (wait > 0) {
      const tooFast = new StanzaError("resource-constraint", "wait", `Too many requests: try again in ${wait} s.`);
      // An error is never answered with one (RFC 6120 §8.3.1).
      if (stanza.type !== "error") session.send(bounce(stanza.kind, stanza, session.jid, tooFast));
      return;
    }
  }
  if (stanza.kind === "presence") return toRooms ? mucPresenceHandler(stanza, context) : presenceHandler(stanza, context);
  if (stanza.kind === "message") return toRooms ? mucMessageHandler(stanza, context) : messageHandler(stanza, context);
  if (stanza.type === "result" || stanza.type === "error") return; // answers to our pushes
  const handler = stanza.payload && IQ_HANDLERS[payloadKey(stanza.payload.xmlns, stanza.payload.name)]?.[stanza.type];
  try {
    if (!handler) throw new StanzaError("service-unavailable", "cancel");
    const payload = await handler(stanza, context);
    session.send(xml("iq", { type: "result", id: stanza.id, from: stanza.to, to: session.jid }, payload));
  } catch (error) {
    if (!(error instanceof StanzaError)) context.logger.warn({ err: error }, "XMPP iq failed");
    session.send(bounce("iq", stanza, session.jid, stanzaErrorOf(error, "iq")));
  }
}
