// What a stanza handler runs with: the bound session (its account, JID, what it was sent) and
// the services. Handlers translate, call one service, and answer; they hold no rule.
import type { Logger } from "@/lib/log";
import type { AppServices } from "@/lib/services";
import type { Element } from "@xmpp/xml";
import type { SessionEvents } from "../session-events";
import type { IqStanza, MessageStanza, PresenceStanza } from "../stanza";

export type HandlerContext = {
  session: SessionEvents;
  services: AppServices;
  domain: string;
  logger: Logger;
  /** The client's address, for the per-address command allowance. */
  address: string;
};

/** An iq get or set: answers with the result's payload (null for an empty result) or throws a StanzaError. */
export type IqHandler = (iq: IqStanza, context: HandlerContext) => Promise<Element | null>;

/** Iq handlers by `<namespace> <element name>` of their payload. */
export type IqHandlers = Record<string, { get?: IqHandler; set?: IqHandler }>;

export type PresenceHandler = (presence: PresenceStanza, context: HandlerContext) => Promise<void>;
export type MessageHandler = (message: MessageStanza, context: HandlerContext) => Promise<void>;

export const payloadKey = (xmlns: string, name: string) => `${xmlns} ${name}`;
