// SASL PLAIN (RFC 4616): authzid NUL authcid NUL passwd, in UTF-8. Only parsed here; the
// password is checked by the account service (lib/accounts/xmpp-credentials.ts).
export type PlainCredentials = { username: string; password: string };

/** The name and password a PLAIN message carries, or null when it is malformed or names another identity. */
export function parsePlain(message: Buffer): PlainCredentials | null {
  const text = message.toString("utf8");
  const parts = text.split("\0");
  if (parts.length !== 3) return null;
  const [authzid, username, password] = parts as [string, string, string];
  if (username === "" || password === "" || username.length > 1024 || password.length > 1024) return null;
  // Acting as someone else is not a thing here: an authzid must name the user itself.
  if (authzid !== "" && authzid !== username && authzid.split("@")[0] !== username) return null;
  return { username, password };
}
