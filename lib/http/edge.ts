// What server.ts checks on every request before Next.js sees it. Pure, so it is unit-tested.
import { ErrorCode } from "@/lib/protocol";

/**
 * Headers a reverse proxy sets to say who the client is and how it reached the proxy. Without
 * TRUST_PROXY they are whatever the client wrote, and Next.js and Auth.js would take them for
 * the scheme and host (an HSTS header over plain HTTP, sign-in links to another host).
 */
export const FORWARDED_HEADERS = ["forwarded", "x-forwarded-for", "x-forwarded-host", "x-forwarded-proto", "x-forwarded-port"];

/** No request here needs a larger body; the JSON routes allow far less (MAX_JSON_BODY_BYTES). */
export const MAX_REQUEST_BODY_BYTES = 64 * 1024;

export type EdgeRefusal = { status: number; code: ErrorCode; message: string; reason: string };

/**
 * How server.ts refuses an API request before any route sees it, so that every operation may
 * answer so: the OpenAPI description lists each on every operation (lib/http/operations/).
 * `message` is the answer's, `reason` the description's.
 */
export const EDGE_REFUSALS = {
  brokenPath: {
    status: 400,
    code: ErrorCode.invalid_payload,
    message: "The address is not valid: its percent-encoding is broken.",
    reason: "The path's percent-encoding is broken (refused before any route).",
  },
  bodyTooLarge: {
    status: 413,
    code: ErrorCode.payload_too_large,
    message: "The request body is too large.",
    reason: `The Content-Length announces more than ${MAX_REQUEST_BODY_BYTES / 1024} KiB (refused before any route).`,
  },
} as const satisfies Record<string, EdgeRefusal>;

/**
 * Whether a request target's path decodes. Broken percent-encoding (`/api/presence/%E0%A4%A`)
 * made Next.js' route matching throw, a 500; it is a malformed request, a 400.
 */
export function pathDecodes(target: string): boolean {
  const path = target.split("?")[0] ?? "";
  try {
    decodeURIComponent(path);
    return true;
  } catch {
    return false;
  }
}

/** Whether a request announces a body larger than any route accepts. */
export function declaredBodyTooLarge(contentLength: string | undefined, max = MAX_REQUEST_BODY_BYTES): boolean {
  if (contentLength === undefined) return false;
  const length = Number(contentLength);
  return !Number.isFinite(length) || length > max;
}

/**
 * Whether a request to a page (not the API) sends a body without saying how long it is. Pages
 * take only small forms, which browsers always send with a Content-Length; Next.js would read
 * an undeclared one to its end before answering, however long it lasts.
 */
export function undeclaredPageBody(target: string, headers: { "transfer-encoding"?: string; "content-length"?: string }): boolean {
  return !target.startsWith("/api/") && headers["transfer-encoding"] !== undefined && headers["content-length"] === undefined;
}
