// XEP-0280 message carbons: a resource that enables them gets a copy of every message the
// account sends from its other resources and web tabs (session-events.ts). Messages the account
// receives already reach all of its resources (they are addressed to the account).
import { NS } from "../stanza";
import { type IqHandlers, payloadKey } from "./context";

export const carbonsHandlers: IqHandlers = {
  [payloadKey(NS.carbons, "enable")]: {
    set: async (_iq, { session }) => {
      session.carbons = true;
      return null;
    },
  },
  [payloadKey(NS.carbons, "disable")]: {
    set: async (_iq, { session }) => {
      session.carbons = false;
      return null;
    },
  },
};
