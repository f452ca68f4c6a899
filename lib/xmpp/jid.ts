// JIDs (RFC 7622) as this server uses them: `username@domain/resource`. Accounts are
// lower-case usernames, so the local part is compared lower-cased; other domains are not ours.
export type Jid = { local: string | null; domain: string; resource: string | null };

const MAX_PART = 1023;

/** A JID's parts, or null when it is not one (empty parts, too long, stray separators). */
export function parseJid(text: string): Jid | null {
  const slash = text.indexOf("/");
  const bare = slash < 0 ? text : text.slice(0, slash);
  const resource = slash < 0 ? null : text.slice(slash + 1);
  const at = bare.indexOf("@");
  const local = at < 0 ? null : bare.slice(0, at);
  const domain = (at < 0 ? bare : bare.slice(at + 1)).toLowerCase().replace(/\.$/, "");
  if (domain === "" || domain.includes("@") || domain.length > MAX_PART) return null;
  if (local !== null && (local === "" || local.length > MAX_PART)) return null;
  if (resource !== null && (resource === "" || resource.length > MAX_PART)) return null;
  return { local: local?.toLowerCase() ?? null, domain, resource };
}

export const bareJid = (username: string, domain: string) => `${username}@${domain}`;

/** The account a JID names on this server, or null (another domain, the server itself, no JID). */
export function localAccount(text: string | undefined, domain: string): string | null {
  if (!text) return null;
  const jid = parseJid(text);
  return jid && jid.domain === domain && jid.local ? jid.local : null;
}

/**
 * The one resource a contact appears with: presence is an aggregate the access rules shape, and
 * per-device resources would show a watcher the tuples that `limited` hides.
 */
export const CONTACT_RESOURCE = "buddylist";
