// RFC 6121 §2: the roster is the buddy list. A get sends it (and from then on the session gets
// pushes as it changes: session-events.ts); a set files a contact into groups (named as the
// client names them; missing groups are created); a remove ends the contact both ways, as the
// web app's "remove contact" does. Adding someone is a subscription request (presence.ts).
import { randomUUID } from "node:crypto";
import xml from "@xmpp/xml";
import { localAccount } from "../jid";
import { rosterItemElement, rosterPush, StanzaError } from "../outbound";
import { rosterFingerprints, rosterItems } from "../roster";
import { NS, translateRosterSet } from "../stanza";
import { type IqHandlers, payloadKey } from "./context";

export const rosterHandlers: IqHandlers = {
  [payloadKey(NS.roster, "query")]: {
    get: async (_iq, { session, domain }) => {
      const snapshot = await session.readBuddyList();
      session.requests ??= snapshot.incoming.map((request) => request.username);
      const items = rosterItems(snapshot);
      session.roster = rosterFingerprints(items);
      return xml("query", { xmlns: NS.roster }, ...[...items.values()].map((item) => rosterItemElement(item, domain)));
    },

    set: async (iq, { session, services, domain }) => {
      const item = translateRosterSet(iq.element.getChild("query", NS.roster)!);
      if (!item) throw new StanzaError("bad-request", "modify", "A roster set has exactly one item.");
      const username = localAccount(item.jid, domain);
      if (!username) throw new StanzaError("item-not-found", "cancel", "Only accounts of this server can be contacts.");
      const { user } = session;
      if (item.subscription === "remove") {
        await services.subscriptions.remove(user, username);
        return null;
      }
      const snapshot = await services.subscriptions.snapshot(user.id);
      if (!snapshot.contacts.some((contact) => contact.username === username)) {
        // Not a contact until a subscription request: the item lives in this client's roster only.
        session.send(
          rosterPush(session.jid, randomUUID(), [
            rosterItemElement({ username, name: item.name ?? username, subscription: "none", ask: false, groups: item.groups }, domain),
          ]),
        );
        return null;
      }
      const groupIds = [];
      for (const name of new Set(item.groups)) {
        const existing = snapshot.groups.find((group) => group.name === name);
        groupIds.push(existing ? existing.id : (await services.subscriptions.createGroup(user, name)).id);
      }
      await services.subscriptions.setContactGroups(user, username, groupIds);
      return null;
    },
  },
};
