// XEP-0199: a ping gets an empty result.
import { NS } from "../stanza";
import { type IqHandlers, payloadKey } from "./context";

export const pingHandlers: IqHandlers = {
  [payloadKey(NS.ping, "ping")]: { get: async () => null },
};
