// XEP-0156 discovery of the WebSocket endpoint: /.well-known/host-meta (XRD) and
// host-meta.json (JRD), open to any site (a web client on another origin reads them; they hold
// nothing private). The address is the app's public URL (AUTH_URL) when set, else the one asked.
import type { IncomingMessage, ServerResponse } from "node:http";
import xml from "@xmpp/xml";
import { XMPP_WEBSOCKET_PATH } from "./websocket";

const WEBSOCKET_REL = "urn:xmpp:alt-connections:websocket";
const PATHS = { "/.well-known/host-meta": "xrd", "/.well-known/host-meta.json": "jrd" } as const;

export const isHostMetaRequest = (url: string | undefined) => (url ?? "").split("?")[0]! in PATHS;

/** ws(s)://host/xmpp-websocket for a site served at `origin` (http → ws, https → wss). */
export const websocketUrl = (origin: string) => {
  const url = new URL(XMPP_WEBSOCKET_PATH, origin);
  url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
  return url.toString();
};

export function hostMeta(kind: "xrd" | "jrd", websocket: string): { type: string; body: string } {
  if (kind === "jrd") return { type: "application/json", body: JSON.stringify({ links: [{ rel: WEBSOCKET_REL, href: websocket }] }) };
  const xrd = xml("XRD", { xmlns: "http://docs.oasis-open.org/ns/xri/xrd-1.0" }, xml("Link", { rel: WEBSOCKET_REL, href: websocket }));
  return { type: "application/xrd+xml", body: `<?xml version='1.0' encoding='utf-8'?>\n${xrd.toString()}` };
}

export function serveHostMeta(req: IncomingMessage, res: ServerResponse, env: { AUTH_URL?: string; TRUST_PROXY: boolean }) {
  const kind = PATHS[(req.url ?? "").split("?")[0] as keyof typeof PATHS];
  const forwarded = env.TRUST_PROXY ? (req.headers["x-forwarded-proto"] as string | undefined)?.split(",")[0]?.trim() : undefined;
  const scheme = forwarded ?? ("encrypted" in req.socket && req.socket.encrypted ? "https" : "http");
  const host = (env.TRUST_PROXY ? (req.headers["x-forwarded-host"] as string | undefined) : undefined) ?? req.headers.host ?? "localhost";
  let origin = env.AUTH_URL;
  if (!origin) {
    try {
      origin = new URL(`${scheme}://${host}`).origin;
    } catch {
      origin = "http://localhost";
    }
  }
  const { type, body } = hostMeta(kind, websocketUrl(origin));
  res.writeHead(200, { "Content-Type": `${type}; charset=utf-8`, "Access-Control-Allow-Origin": "*", "Cache-Control": "public, max-age=3600" });
  res.end(req.method === "HEAD" ? undefined : body);
}
