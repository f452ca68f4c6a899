// PATCH /api/admin/accounts/<username> {suspended} — suspend (sessions and sockets end at
// once; no more sign-ins) or unsuspend an account.
import { NextResponse } from "next/server";
import { requireAdmin } from "@/lib/http/caller";
import { readJson, route } from "@/lib/http/route";
import { usernameRefSchema } from "@/lib/protocol";
import { setSuspendedSchema } from "@/lib/protocol/admin";
import type { Done } from "@/lib/protocol/schemas";
import { getServices } from "@/lib/services";

export const PATCH = route(async (request: Request, context: { params: Promise<{ username: string }> }) => {
  const user = await requireAdmin(request);
  const username = usernameRefSchema.parse((await context.params).username);
  const { suspended } = await readJson(request, setSuspendedSchema);
  const actor = { id: user.id, name: user.username };
  const { admin } = getServices();
  if (suspended) await admin.suspend(actor, username);
  else await admin.unsuspend(actor, username);
  return NextResponse.json({ ok: true } satisfies Done);
});
