// vcard-temp (XEP-0054) and User Nickname (XEP-0172) elements: an account's card carries its
// display name (FN and NICKNAME) and its address (JABBERID); a card a client sets says which
// display name it asks for. No other vCard field is kept. Pure builders and readers.
import xml, { type Element } from "@xmpp/xml";
import { bareJid } from "./jid";
import { NS } from "./stanza";

/** What a card shows of an account: its username (the JID's local part) and display name. */
export type CardOwner = { username: string; displayName: string };

/** The vCard an account's bare JID answers with (XEP-0054 §3.1). */
export function vcardElement(owner: CardOwner, domain: string): Element {
  return xml(
    "vCard",
    { xmlns: NS.vcard },
    xml("FN", {}, owner.displayName),
    xml("NICKNAME", {}, owner.displayName),
    xml("JABBERID", {}, bareJid(owner.username, domain)),
  );
}

/**
 * The display name a client's vCard set asks for: its formatted name (FN), else its NICKNAME,
 * else "" (the account service's validation refuses an empty name, as the settings page does).
 */
export function requestedDisplayName(vcard: Element): string {
  const text = (name: string) => vcard.getChild(name)?.getText().trim() ?? "";
  return text("FN") || text("NICKNAME");
}

/** XEP-0172 §4.2: the requester's nickname on a subscription request. */
export const nickElement = (nick: string): Element => xml("nick", { xmlns: NS.nick }, nick);
