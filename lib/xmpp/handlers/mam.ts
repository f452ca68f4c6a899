// XEP-0313 Message Archive Management over the inbox's history: a query's results are sent as
// messages, then the iq result says where the page ends. The inbox service decides what the
// account has (a peer that blocks it has nothing, as one that does not exist).
import { localAccount } from "../jid";
import { archiveResult } from "../forwarded";
import { mamFin, mamForm, translateMamQuery } from "../mam";
import { StanzaError } from "../outbound";
import { NS } from "../stanza";
import { type IqHandlers, payloadKey } from "./context";

export const mamHandlers: IqHandlers = {
  [payloadKey(NS.mam, "query")]: {
    get: async () => mamForm(),
    set: async (iq, { session, services, domain }) => {
      if (iq.to && iq.to !== session.jid.split("/")[0]) throw new StanzaError("service-unavailable", "cancel");
      const query = translateMamQuery(iq.element.getChild("query", NS.mam)!);
      if (!query) throw new StanzaError("bad-request", "modify", "Not a query this archive understands.");
      const { user } = session;
      const peer = query.with === undefined ? undefined : localAccount(query.with, domain);
      // Another server's JID has no conversation here: the same empty page as a stranger's.
      if (peer === null) return mamFin([], true);
      const page = await services.inbox.archive(user, {
        peer,
        start: query.start,
        end: query.end,
        after: query.after,
        before: query.before,
        max: query.max,
      });
      for (const message of page.messages) session.send(archiveResult(message, query.queryId, session.jid, user.username, domain));
      return mamFin(
        page.messages.map((message) => message.id),
        page.complete,
      );
    },
  },
};
