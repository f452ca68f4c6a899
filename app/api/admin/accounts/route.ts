// GET /api/admin/accounts?q= — the instance's accounts (search by username).
import { NextResponse } from "next/server";
import { requireAdmin } from "@/lib/http/caller";
import { route } from "@/lib/http/route";
import { type AccountList, accountSearchSchema } from "@/lib/protocol/admin";
import { getServices } from "@/lib/services";

export const dynamic = "force-dynamic";

export const GET = route(async (request: Request) => {
  await requireAdmin(request);
  const { q } = accountSearchSchema.parse({ q: new URL(request.url).searchParams.get("q") ?? "" });
  return NextResponse.json({ accounts: await getServices().admin.listAccounts(q) } satisfies AccountList);
});
