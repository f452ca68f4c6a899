// POST /api/account/password — change the password; every other session ends at once.
import { NextResponse } from "next/server";
import { requireSessionUser } from "@/lib/http/caller";
import { readJson, route } from "@/lib/http/route";
import { changePasswordSchema } from "@/lib/protocol/account";
import type { Done } from "@/lib/protocol/schemas";
import { getServices } from "@/lib/services";

export const POST = route(async (request: Request) => {
  const user = await requireSessionUser(request);
  const { currentPassword, newPassword } = await readJson(request, changePasswordSchema);
  await getServices().accountSettings.changePassword(user, currentPassword, newPassword);
  return NextResponse.json({ ok: true } satisfies Done);
});
