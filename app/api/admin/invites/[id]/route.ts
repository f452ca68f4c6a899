// DELETE /api/admin/invites/<id> — revoke an invitation.
import { NextResponse } from "next/server";
import { requireAdmin } from "@/lib/http/caller";
import { route } from "@/lib/http/route";
import { ErrorCode, ServiceError } from "@/lib/protocol";
import { inviteIdSchema } from "@/lib/protocol/admin";
import type { Done } from "@/lib/protocol/schemas";
import { getServices } from "@/lib/services";

export const DELETE = route(async (request: Request, context: { params: Promise<{ id: string }> }) => {
  const user = await requireAdmin(request);
  const id = inviteIdSchema.safeParse((await context.params).id);
  if (!id.success) throw new ServiceError(ErrorCode.not_found, "There is no such active invitation.");
  await getServices().admin.revokeInvite({ id: user.id, name: user.username }, id.data);
  return NextResponse.json({ ok: true } satisfies Done);
});
