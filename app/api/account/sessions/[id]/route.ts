// DELETE /api/account/sessions/<id> — sign out one of my sessions (its tabs close at once).
import { NextResponse } from "next/server";
import { requireSessionUser } from "@/lib/http/caller";
import { route } from "@/lib/http/route";
import { ErrorCode, ServiceError } from "@/lib/protocol";
import { sessionIdSchema } from "@/lib/protocol/account";
import type { Done } from "@/lib/protocol/schemas";
import { getServices } from "@/lib/services";

export const DELETE = route(async (request: Request, context: { params: Promise<{ id: string }> }) => {
  const id = sessionIdSchema.safeParse((await context.params).id);
  const user = await requireSessionUser(request);
  if (!id.success) throw new ServiceError(ErrorCode.not_found, "There is no such session.");
  await getServices().accountSettings.endSession(user, id.data);
  return NextResponse.json({ ok: true } satisfies Done);
});
