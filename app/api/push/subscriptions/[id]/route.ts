// DELETE /api/push/subscriptions/<id> — stop pushing to one of my devices.
import { NextResponse } from "next/server";
import { requireSessionUser } from "@/lib/http/caller";
import { route } from "@/lib/http/route";
import { ErrorCode, ServiceError } from "@/lib/protocol";
import { pushSubscriptionIdSchema } from "@/lib/protocol/push";
import type { Done } from "@/lib/protocol/schemas";
import { getServices } from "@/lib/services";

export const DELETE = route(async (request: Request, context: { params: Promise<{ id: string }> }) => {
  const id = pushSubscriptionIdSchema.safeParse((await context.params).id);
  const user = await requireSessionUser(request);
  if (!id.success) throw new ServiceError(ErrorCode.not_found, "There is no such device.");
  await getServices().push.remove(user, id.data);
  return NextResponse.json({ ok: true } satisfies Done);
});
