// XEP-0030 service discovery of the server (and of the account's bare JID, which lists its
// archive): who we are and what we speak. The same identity and features make the server's
// entity capabilities (XEP-0115), announced in the stream features; a query on `node#ver` is
// answered with them too.
import xml from "@xmpp/xml";
import { CAPS_NODE, CAPS_NS, capsElement, type Identity, verificationString } from "../caps";
import { bareJid } from "../jid";
import { StanzaError } from "../outbound";
import { NS } from "../stanza";
import { SM_NS } from "../stream-management";
import { type HandlerContext, type IqHandlers, payloadKey } from "./context";
import { mucAddress } from "../muc";
import { mucDiscoInfo, mucDiscoItems, mucServiceItem } from "./muc";
import { UPLOAD_NS } from "./upload";

const SERVER_IDENTITY: Identity = { category: "server", type: "im", name: "buddylist" };

/**
 * The features the server announces; a handler file adds its namespace here when it lands.
 * `msgoffline` (XEP-0160): messages that waited are delivered at initial presence.
 */
export const SERVER_FEATURES = [
  NS.discoInfo,
  NS.discoItems,
  NS.ping,
  NS.roster,
  NS.chatStates,
  NS.sid,
  NS.carbons,
  NS.receipts,
  NS.markers,
  NS.blocking,
  CAPS_NS,
  SM_NS,
  UPLOAD_NS,
  NS.vcard,
  "msgoffline",
];
/** The features of an account's bare JID (XEP-0313 §6.1: its archive). */
export const ACCOUNT_FEATURES = [NS.mam];

export const serverVer = () => verificationString([SERVER_IDENTITY], SERVER_FEATURES);
/** The server's caps for its stream features. */
export const serverCaps = () => capsElement(serverVer());

const forServer = (to: string | undefined, context: HandlerContext) =>
  !to || to === context.domain || to === bareJid(context.session.user.username, context.domain);

export const discoHandlers: IqHandlers = {
  [payloadKey(NS.discoInfo, "query")]: {
    get: async (iq, context) => {
      if (mucAddress(iq.to, context.domain)) return mucDiscoInfo(iq, context);
      if (!forServer(iq.to, context)) throw new StanzaError("service-unavailable", "cancel");
      if (iq.to && iq.to !== context.domain) {
        return xml(
          "query",
          { xmlns: NS.discoInfo },
          xml("identity", { category: "account", type: "registered" }),
          ...ACCOUNT_FEATURES.map((feature) => xml("feature", { var: feature })),
        );
      }
      const node = iq.element.getChild("query", NS.discoInfo)?.attrs.node;
      if (node !== undefined && node !== `${CAPS_NODE}#${serverVer()}`) throw new StanzaError("item-not-found", "cancel");
      return xml(
        "query",
        { xmlns: NS.discoInfo, node },
        xml("identity", { ...SERVER_IDENTITY }),
        ...[...new Set(SERVER_FEATURES)].map((feature) => xml("feature", { var: feature })),
      );
    },
  },
  [payloadKey(NS.discoItems, "query")]: {
    get: async (iq, context) => {
      if (mucAddress(iq.to, context.domain)) return mucDiscoItems(iq, context);
      if (!forServer(iq.to, context)) throw new StanzaError("service-unavailable", "cancel");
      // The server's items: the group conversations' MUC service (XEP-0045 §6.1); an account has none.
      if (iq.to && iq.to !== context.domain) return xml("query", { xmlns: NS.discoItems });
      return xml("query", { xmlns: NS.discoItems }, mucServiceItem(context.domain));
    },
  },
};
