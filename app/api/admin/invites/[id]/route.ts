// DELETE /api/admin/invites/<id> — revoke an invitation.
import { NextResponse } from "next/server";
import { requireAdmin } from "@/lib/http/caller";
import { route } from "@/lib/http/route";
import { getServices } from "@/lib/services";

export const DELETE = route(async (request: Request, context: { params: Promise<{ id: string }> }) => {
  const user = await requireAdmin(request);
  await getServices().admin.revokeInvite({ id: user.id, name: user.username }, (await context.params).id.slice(0, 64));
  return NextResponse.json({ ok: true });
});
