// What the server knows of a request's origin. server.ts writes the client address into a
// header of its own (dropping any such header the client sent), so code behind it — Next.js
// route handlers, server actions, Auth.js — reads one trustworthy value.
export const CLIENT_ADDRESS_HEADER = "x-buddylist-client-address";

export type RequestMeta = { ipAddress: string; userAgent?: string };

type HeaderSource = Headers | Record<string, string | string[] | undefined>;

function header(headers: HeaderSource, name: string): string | undefined {
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * The client's address: behind a trusted proxy (TRUST_PROXY), the last X-Forwarded-For entry —
 * the one that proxy appended; anything before it the client may have written itself, and the
 * throttles must not let a client choose its address. Else the connection's own. server.ts
 * uses it for HTTP, lib/realtime for socket handshakes.
 */
export function clientAddress(forwardedFor: string | string[] | undefined, remoteAddress: string | undefined, trustProxy: boolean): string {
  const forwarded = Array.isArray(forwardedFor) ? forwardedFor.join(",") : forwardedFor;
  if (trustProxy && forwarded) {
    const last = forwarded
      .split(",")
      .map((entry) => entry.trim())
      .filter(Boolean)
      .at(-1);
    if (last) return last;
  }
  return remoteAddress || "unknown";
}

export function requestMeta(headers: HeaderSource): RequestMeta {
  return {
    ipAddress: header(headers, CLIENT_ADDRESS_HEADER) ?? "unknown",
    userAgent: header(headers, "user-agent"),
  };
}
