// XEP-0054 vcard-temp as the display name. A get to one's own bare JID (or to no one) answers
// the account's display name and address; to another account's bare JID, what the web app shows
// this account of that person: the presence service's fetch (a look counted in watcher
// information, like a probe), so an account that blocks the asker answers exactly as one that
// does not exist. A set to oneself changes the display name through the accounts service, with
// the settings page's validation; a card's other fields are not kept.
import { setDisplayNameSchema } from "@/lib/protocol/schemas";
import { bareJid, localAccount } from "../jid";
import { StanzaError } from "../outbound";
import { NS } from "../stanza";
import { requestedDisplayName, vcardElement } from "../vcard";
import { type HandlerContext, type IqHandlers, payloadKey } from "./context";

/** Whose card an iq asks about: the account itself (no `to`, or its bare JID), another account, or none. */
function cardOwner(to: string | undefined, { session, domain }: HandlerContext): "self" | string | null {
  if (!to || to === bareJid(session.user.username, domain)) return "self";
  const username = localAccount(to, domain);
  if (!username || to.includes("/")) return null;
  return username === session.user.username ? "self" : username;
}

const noCard = () => new StanzaError("item-not-found", "cancel");

export const vcardHandlers: IqHandlers = {
  [payloadKey(NS.vcard, "vCard")]: {
    get: async (iq, context) => {
      const { session, services, domain } = context;
      const owner = cardOwner(iq.to, context);
      if (owner === null) throw noCard();
      if (owner === "self") {
        const profile = await services.accounts.profile(session.user.id);
        if (!profile) throw noCard();
        return vcardElement(profile, domain);
      }
      // Unknown and blocked alike: the fetch's not_found is item-not-found (errors.ts).
      const view = await services.presence.fetch(session.user, owner);
      return vcardElement(view, domain);
    },

    set: async (iq, context) => {
      const { session, services } = context;
      if (cardOwner(iq.to, context) !== "self") throw new StanzaError("forbidden", "auth", "You can only change your own vCard.");
      const card = iq.element.getChild("vCard", NS.vcard)!;
      const parsed = setDisplayNameSchema.safeParse({ displayName: requestedDisplayName(card) });
      if (!parsed.success) {
        throw new StanzaError("not-acceptable", "modify", `Display name (FN): ${parsed.error.issues[0]?.message ?? "not accepted"}`);
      }
      const updated = await services.accounts.setDisplayName(session.user, parsed.data.displayName);
      session.user.displayName = updated.displayName;
      return null; // XEP-0054 §3.2: an empty result
    },
  },
};
