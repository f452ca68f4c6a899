// GET /api/admin/audit — the audit log of administrative actions, newest first.
import { NextResponse } from "next/server";
import { requireAdmin } from "@/lib/http/caller";
import { route } from "@/lib/http/route";
import type { AuditLog } from "@/lib/protocol/admin";
import { getServices } from "@/lib/services";

export const dynamic = "force-dynamic";

export const GET = route(async (request: Request) => {
  await requireAdmin(request);
  return NextResponse.json({ entries: await getServices().admin.auditLog() } satisfies AuditLog);
});
