// GET /api/watchers — the caller's own WATCHER INFORMATION: JSON by default, an RFC 3858
// document with `Accept: application/watcherinfo+xml`. Visibility rules apply as in the app.
import { requireCaller } from "@/lib/http/caller";
import { represent, requestHost } from "@/lib/http/representation";
import { route } from "@/lib/http/route";
import { toWatcherinfo, WATCHERINFO_MEDIA_TYPE } from "@/lib/presence/formats/watcherinfo";
import { getServices } from "@/lib/services";

export const dynamic = "force-dynamic";

export const GET = route(async (request: Request) => {
  const caller = await requireCaller(request, "presence:read");
  const info = await getServices().watcherInfo.list(caller);
  return represent(
    request,
    {
      "application/json": () => JSON.stringify(info),
      [WATCHERINFO_MEDIA_TYPE]: () => toWatcherinfo(info, { username: caller.username, host: requestHost(request) }, new Date()),
    },
    "Authorization, Cookie",
  );
});
