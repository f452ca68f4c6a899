// XEP-0191 blocking command over the access rules: the blocklist is the people a `block` rule
// names, blocking adds that rule, unblocking removes it (the privacy service decides; the web
// app's privacy page shows the same rules). Every resource that asked for the blocklist hears
// each change, wherever it was made (session-events.ts).
import { blockedUsernames } from "@/lib/protocol/privacy";
import { blockedItems, blocklist } from "../blocking";
import { StanzaError } from "../outbound";
import { NS } from "../stanza";
import { type IqHandlers, payloadKey } from "./context";

const notAnAccount = () => new StanzaError("item-not-found", "cancel", "Only accounts of this server can be blocked.");

export const blockingHandlers: IqHandlers = {
  [payloadKey(NS.blocking, "blocklist")]: {
    get: async (_iq, { session, services, domain }) => {
      const usernames = blockedUsernames(await services.privacy.settings(session.user));
      session.blocklist = new Set(usernames);
      return blocklist(usernames, domain);
    },
  },
  [payloadKey(NS.blocking, "block")]: {
    set: async (iq, { session, services, domain }) => {
      const usernames = blockedItems(iq.element.getChild("block", NS.blocking)!, domain);
      if (usernames === null) throw notAnAccount();
      if (usernames.length === 0) throw new StanzaError("bad-request", "modify", "Name at least one account to block.");
      await services.privacy.block(session.user, usernames);
      return null;
    },
  },
  [payloadKey(NS.blocking, "unblock")]: {
    set: async (iq, { session, services, domain }) => {
      const usernames = blockedItems(iq.element.getChild("unblock", NS.blocking)!, domain);
      if (usernames === null) throw notAnAccount();
      await services.privacy.unblock(session.user, usernames.length === 0 ? null : usernames);
      return null;
    },
  },
};
