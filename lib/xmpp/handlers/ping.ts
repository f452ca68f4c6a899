// XEP-0199: a ping gets an empty result. A ping to one's own occupant JID in a room is XEP-0410's
// self-ping: answered only while the session is in that room, so a client learns it is not.
import { mucAddress } from "../muc";
import { StanzaError } from "../outbound";
import { NS } from "../stanza";
import { type IqHandlers, payloadKey } from "./context";

export const pingHandlers: IqHandlers = {
  [payloadKey(NS.ping, "ping")]: {
    get: async (iq, { session, domain }) => {
      const address = mucAddress(iq.to, domain);
      if (address?.kind === "room" && !(address.groupId && session.rooms.joined(address.groupId))) {
        throw new StanzaError("not-acceptable", "cancel");
      }
      return null;
    },
  },
};
