// GET /api/account/attachments — how much of my storage quota my files use.
import { requireCaller } from "@/lib/http/caller";
import { route } from "@/lib/http/route";
import type { AttachmentUsage } from "@/lib/protocol/attachments";
import { getServices } from "@/lib/services";

export const dynamic = "force-dynamic";

export const GET = route(async (request: Request) => {
  const caller = await requireCaller(request, "messages");
  const usage = (await getServices().attachments.usage(caller.id)) satisfies AttachmentUsage;
  return Response.json(usage, { headers: { "Cache-Control": "no-store" } });
});
