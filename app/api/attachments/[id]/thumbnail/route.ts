// GET /api/attachments/<id>/thumbnail — an image's thumbnail (WebP, at most 320 px), for the two sides of its conversation only.
import { serveAttachment } from "@/lib/http/attachment-response";
import { requireCaller } from "@/lib/http/caller";
import { route } from "@/lib/http/route";
import { attachmentIdSchema } from "@/lib/protocol/attachments";

export const dynamic = "force-dynamic";

export const GET = route(async (request: Request, context: { params: Promise<{ id: string }> }) => {
  const caller = await requireCaller(request, "messages");
  const id = attachmentIdSchema.safeParse((await context.params).id);
  return serveAttachment(request, caller.id, id.success ? id.data : null, "thumbnail");
});
