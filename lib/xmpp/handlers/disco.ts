// XEP-0030 service discovery of the server (and of the account's bare JID, which has nothing
// to list): who we are and what we speak.
import xml from "@xmpp/xml";
import { StanzaError } from "../outbound";
import { NS } from "../stanza";
import { type HandlerContext, type IqHandlers, payloadKey } from "./context";
import { bareJid } from "../jid";

/** The features the server announces; a handler file adds its namespace here when it lands. */
export const SERVER_FEATURES = [NS.discoInfo, NS.discoItems, NS.ping, NS.roster, NS.chatStates, NS.sid, NS.carbons, NS.receipts, NS.markers, NS.blocking];
/** The features of an account's bare JID (XEP-0313 §6.1: its archive). */
export const ACCOUNT_FEATURES = [NS.mam];

const forServer = (to: string | undefined, context: HandlerContext) =>
  !to || to === context.domain || to === bareJid(context.session.user.username, context.domain);

export const discoHandlers: IqHandlers = {
  [payloadKey(NS.discoInfo, "query")]: {
    get: async (iq, context) => {
      if (!forServer(iq.to, context)) throw new StanzaError("service-unavailable", "cancel");
      if (iq.to && iq.to !== context.domain) {
        return xml(
          "query",
          { xmlns: NS.discoInfo },
          xml("identity", { category: "account", type: "registered" }),
          ...ACCOUNT_FEATURES.map((feature) => xml("feature", { var: feature })),
        );
      }
      return xml(
        "query",
        { xmlns: NS.discoInfo },
        xml("identity", { category: "server", type: "im", name: "buddylist" }),
        ...SERVER_FEATURES.map((feature) => xml("feature", { var: feature })),
      );
    },
  },
  [payloadKey(NS.discoItems, "query")]: {
    get: async (iq, context) => {
      if (!forServer(iq.to, context)) throw new StanzaError("service-unavailable", "cancel");
      return xml("query", { xmlns: NS.discoItems });
    },
  },
};
