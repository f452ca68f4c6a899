// Cross-site handshakes: a page on another site could open a socket with the visitor's cookie
// (WebSockets are not bound by CORS), so a browser's Origin must be this server's own host or
// one the operator allowed. Clients without an Origin (bots, scripts) are not browsers acting
// for someone else; they authenticate with their own token or cookie.
import type { IncomingHttpHeaders } from "node:http";

/** `trustProxy`: the Host a reverse proxy forwards counts as ours (only then; a client could send any). */
export function originAllowed(headers: IncomingHttpHeaders, allowed: readonly string[] = [], trustProxy = false): boolean {
  const origin = headers.origin;
  if (!origin) return true;
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    return false;
  }
  const own = [trustProxy ? headers["x-forwarded-host"] : undefined, headers.host].flat().filter((value): value is string => Boolean(value));
  return own.includes(host) || allowed.includes(origin);
}
