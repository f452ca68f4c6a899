// GET /api/admin/figures — accounts, clients connected now, messages per day.
import { NextResponse } from "next/server";
import { requireAdmin } from "@/lib/http/caller";
import { route } from "@/lib/http/route";
import type { InstanceFigures } from "@/lib/protocol/admin";
import { getServices } from "@/lib/services";

export const dynamic = "force-dynamic";

export const GET = route(async (request: Request) => {
  await requireAdmin(request);
  return NextResponse.json((await getServices().admin.figures()) satisfies InstanceFigures);
});
