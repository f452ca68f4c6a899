// `GET /metrics`: the registry in Prometheus' text format, for a scraper that proves it may
// read it (a bearer token) or reaches it on an address only the operator's network can.
import { createHash, timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Registry } from "prom-client";

export const METRICS_PATH = "/metrics";

/** Whether an Authorization header carries the token; compared in constant time (hashes of equal length). */
export function bearerMatches(header: string | undefined, token: string): boolean {
  const match = /^Bearer +(\S+)\s*$/i.exec(header ?? "");
  if (!match) return false;
  const digest = (value: string) => createHash("sha256").update(value).digest();
  return timingSafeEqual(digest(match[1]!), digest(token));
}

/** Whether a request is for the metrics (its path, whatever the query). */
export function isMetricsRequest(url: string | undefined): boolean {
  const path = (url ?? "").split("?")[0];
  return path === METRICS_PATH;
}

/** Answers one request for the metrics: 405 for anything but GET/HEAD, 401 without the token when one is set. */
export function serveMetrics(registry: Registry, token: string | undefined) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    const headers = { "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff" };
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.writeHead(405, { ...headers, Allow: "GET, HEAD", "Content-Type": "text/plain; charset=utf-8" }).end("Method not allowed\n");
      return;
    }
    if (token !== undefined && !bearerMatches(req.headers.authorization, token)) {
      res
        .writeHead(401, { ...headers, "WWW-Authenticate": 'Bearer realm="metrics"', "Content-Type": "text/plain; charset=utf-8" })
        .end("Send the metrics token: Authorization: Bearer <METRICS_TOKEN>\n");
      return;
    }
    registry.metrics().then(
      (text) => {
        res.writeHead(200, { ...headers, "Content-Type": registry.contentType });
        res.end(req.method === "HEAD" ? undefined : text);
      },
      (error: unknown) => {
        res.writeHead(500, { ...headers, "Content-Type": "text/plain; charset=utf-8" });
        res.end(`Collecting the metrics failed: ${error instanceof Error ? error.message : String(error)}\n`);
      },
    );
  };
}

/** Splits METRICS_ADDRESS (host:port, IPv6 hosts in brackets) for `listen`. */
export function parseListenAddress(address: string): { host: string; port: number } {
  const colon = address.lastIndexOf(":");
  const host = address.slice(0, colon).replace(/^\[(.*)\]$/, "$1");
  return { host, port: Number(address.slice(colon + 1)) };
}
