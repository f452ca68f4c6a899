// GET /api/presence/<username> — the POLLER's view of a presentity, exactly what the same
// watcher would see on a socket. ETag/If-None-Match make an unchanged poll a cheap 304.
import { createHash } from "node:crypto";
import { NextResponse } from "next/server";
import { requireCaller } from "@/lib/http/caller";
import { errorResponse, route } from "@/lib/http/route";
import { ErrorCode, usernameRefSchema } from "@/lib/protocol";
import { getServices } from "@/lib/services";

export const dynamic = "force-dynamic";

export const GET = route(async (request: Request, context: { params: Promise<{ username: string }> }) => {
  const username = usernameRefSchema.safeParse((await context.params).username);
  const caller = await requireCaller(request);
  const { presence, pollLimiter } = getServices();
  const wait = await pollLimiter.take(caller.id);
  if (wait > 0) {
    return errorResponse({ code: ErrorCode.rate_limited, message: `Too many polls. Try again in ${wait} s.`, retryAfter: wait });
  }
  if (!username.success) {
    return errorResponse({ code: ErrorCode.not_found, message: "There is no account with that name." });
  }
  const view = await presence.fetch(caller, username.data, { kind: "poll", tokenId: caller.tokenId ?? null });
  const body = JSON.stringify(view);
  const etag = `"${createHash("sha256").update(body).digest("base64url").slice(0, 27)}"`;
  const headers = { ETag: etag, "Cache-Control": "private, no-cache", Vary: "Authorization, Cookie" };
  const match = request.headers.get("if-none-match");
  if (match && match.split(",").some((candidate) => candidate.trim().replace(/^W\//, "") === etag)) {
    return new NextResponse(null, { status: 304, headers });
  }
  return new NextResponse(body, { status: 200, headers: { ...headers, "Content-Type": "application/json" } });
});
