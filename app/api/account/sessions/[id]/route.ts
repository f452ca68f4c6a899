// DELETE /api/account/sessions/<id> — sign out one of my sessions (its tabs close at once).
import { NextResponse } from "next/server";
import { z } from "zod";
import { requireSessionUser } from "@/lib/http/caller";
import { route } from "@/lib/http/route";
import { ErrorCode, ServiceError } from "@/lib/protocol";
import { getServices } from "@/lib/services";

export const DELETE = route(async (request: Request, context: { params: Promise<{ id: string }> }) => {
  const id = z.uuid().safeParse((await context.params).id);
  const user = await requireSessionUser(request);
  if (!id.success) throw new ServiceError(ErrorCode.not_found, "There is no such session.");
  await getServices().accountSettings.endSession(user, id.data);
  return NextResponse.json({ ok: true });
});
