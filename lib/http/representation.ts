// Sends a GET representation chosen by the Accept header, with a strong ETag of its bytes so
// that a poll of unchanged data is a cheap 304. A malformed or unsatisfiable Accept is a 406
// that says which types are offered.
import { createHash } from "node:crypto";
import { NextResponse } from "next/server";
import { negotiate } from "./negotiate";

export type Representations = Record<string, () => string>;

export function represent(request: Request, representations: Representations, vary: string): Response {
  const offered = Object.keys(representations);
  const chosen = negotiate(request.headers.get("accept"), offered);
  if ("error" in chosen) {
    const message =
      chosen.error === "malformed"
        ? `The Accept header is malformed. Offered: ${offered.join(", ")}.`
        : `None of the accepted types is available. Offered: ${offered.join(", ")}.`;
    return NextResponse.json({ error: { code: "not_acceptable", message, offered } }, { status: 406 });
  }
  const body = representations[chosen.type]!();
  const etag = `"${createHash("sha256").update(chosen.type).update("\0").update(body).digest("base64url").slice(0, 27)}"`;
  const headers = { ETag: etag, "Cache-Control": "private, no-cache", Vary: `Accept, ${vary}` };
  const match = request.headers.get("if-none-match");
  if (match && match.split(",").some((candidate) => candidate.trim().replace(/^W\//, "") === etag)) {
    return new NextResponse(null, { status: 304, headers });
  }
  return new NextResponse(body, { status: 200, headers: { ...headers, "Content-Type": `${chosen.type}; charset=utf-8` } });
}

/** The host name a request was addressed to (for PIDF entity and watcherinfo resource URIs). */
export function requestHost(request: Request): string {
  const host = request.headers.get("x-forwarded-host") ?? request.headers.get("host") ?? "localhost";
  return host.replace(/:\d+$/, "");
}
