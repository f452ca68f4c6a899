// XEP-0191 blocking as XMPP speaks it: the blocklist, block and unblock commands and pushes,
// over the people the access rules block by name. A JID of this server names an account;
// other JIDs cannot be blocked here (there is no federation). Pure.
import xml, { type Element } from "@xmpp/xml";
import { bareJid, localAccount } from "./jid";
import { NS } from "./stanza";

const MAX_ITEMS = 100;

/** The accounts a block or unblock names (empty: all, for unblock), or null when an item is not an account here. */
export function blockedItems(command: Element, domain: string): string[] | null {
  const items = command.getChildren("item");
  if (items.length > MAX_ITEMS) return null;
  const names = items.map((item) => localAccount(item.attrs.jid, domain));
  return names.every((name): name is string => name !== null) ? [...new Set(names)] : null;
}

export function blocklist(usernames: string[], domain: string): Element {
  return xml("blocklist", { xmlns: NS.blocking }, ...usernames.map((name) => xml("item", { jid: bareJid(name, domain) })));
}

/** What changed between two blocklists, as the pushes a resource is sent (XEP-0191 §3.3, §3.4). */
export function blocklistPushes(before: ReadonlySet<string>, after: ReadonlySet<string>, domain: string): Element[] {
  const blocked = [...after].filter((name) => !before.has(name));
  const unblocked = [...before].filter((name) => !after.has(name));
  const push = (command: "block" | "unblock", names: string[]) =>
    xml(command, { xmlns: NS.blocking }, ...names.map((name) => xml("item", { jid: bareJid(name, domain) })));
  return [...(blocked.length > 0 ? [push("block", blocked)] : []), ...(unblocked.length > 0 ? [push("unblock", unblocked)] : [])];
}
