// GET /api/attachments/<id> — the file, for the two sides of its conversation only.
import { serveAttachment } from "@/lib/http/attachment-response";
import { requireCaller } from "@/lib/http/caller";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const GET = route(async (request: Request, context: { params: Promise<{ id: string }> }) => {
  const caller = await requireCaller(request, "messages");
  return serveAttachment(request, caller.id, (await context.params).id, "original");
});
