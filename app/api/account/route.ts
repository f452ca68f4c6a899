// DELETE /api/account — delete my account (the password confirms it). The username stays
// reserved; messages I sent stay in the other inboxes, from a deleted account.
import { NextResponse } from "next/server";
import { requireSessionUser } from "@/lib/http/caller";
import { readJson, route } from "@/lib/http/route";
import { deleteAccountSchema } from "@/lib/protocol/account";
import type { Done } from "@/lib/protocol/schemas";
import { getServices } from "@/lib/services";

export const DELETE = route(async (request: Request) => {
  const user = await requireSessionUser(request);
  const { password } = await readJson(request, deleteAccountSchema);
  await getServices().accountSettings.deleteAccount(user, password);
  return NextResponse.json({ ok: true } satisfies Done);
});
