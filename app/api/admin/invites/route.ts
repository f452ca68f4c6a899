// GET /api/admin/invites — invitations; POST — create one (its link is shown once).
import { NextResponse } from "next/server";
import { requireAdmin } from "@/lib/http/caller";
import { readJson, route } from "@/lib/http/route";
import { type CreatedInviteBody, createInviteSchema, type InviteList } from "@/lib/protocol/admin";
import { getServices } from "@/lib/services";

export const dynamic = "force-dynamic";

export const GET = route(async (request: Request) => {
  await requireAdmin(request);
  return NextResponse.json({ invites: await getServices().admin.listInvites() } satisfies InviteList);
});

export const POST = route(async (request: Request) => {
  const user = await requireAdmin(request);
  const input = await readJson(request, createInviteSchema);
  const invite = await getServices().admin.createInvite({ id: user.id, name: user.username }, input);
  const link = new URL(`/signup?invite=${encodeURIComponent(invite.secret)}`, request.url);
  return NextResponse.json({ invite: { ...invite, link: link.pathname + link.search } } satisfies CreatedInviteBody, { status: 201 });
});
