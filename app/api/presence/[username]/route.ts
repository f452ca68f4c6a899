// GET /api/presence/<username> — the POLLER's view of a presentity, exactly what the same
// watcher would see on a socket: JSON by default, PIDF with `Accept: application/pidf+xml`.
// ETag/If-None-Match make an unchanged poll a cheap 304.
import { requireCaller } from "@/lib/http/caller";
import { represent, requestHost } from "@/lib/http/representation";
import { errorResponse, route } from "@/lib/http/route";
import { PIDF_MEDIA_TYPE, toPidf } from "@/lib/presence/formats/pidf";
import { ErrorCode, usernameRefSchema } from "@/lib/protocol";
import { getServices } from "@/lib/services";

export const dynamic = "force-dynamic";

export const GET = route(async (request: Request, context: { params: Promise<{ username: string }> }) => {
  const username = usernameRefSchema.safeParse((await context.params).username);
  const caller = await requireCaller(request, "presence:read");
  const { presence, pollLimiter } = getServices();
  const wait = await pollLimiter.take(caller.id);
  if (wait > 0) {
    return errorResponse({ code: ErrorCode.rate_limited, message: `Too many polls. Try again in ${wait} s.`, retryAfter: wait });
  }
  if (!username.success) {
    return errorResponse({ code: ErrorCode.not_found, message: "There is no account with that name." });
  }
  const view = await presence.fetch(caller, username.data, { kind: "poll", tokenId: caller.tokenId ?? null });
  return represent(
    request,
    {
      "application/json": () => JSON.stringify(view),
      [PIDF_MEDIA_TYPE]: () => toPidf(view, requestHost(request)),
    },
    "Authorization, Cookie",
  );
});
