// POST /api/account/password — change the password; every other session ends and every token
// is revoked at once. Wrong current passwords are throttled like sign-ins.
import { NextResponse } from "next/server";
import { requestMeta } from "@/lib/auth/request-meta";
import { requireSessionUser } from "@/lib/http/caller";
import { readJson, route } from "@/lib/http/route";
import { changePasswordSchema } from "@/lib/protocol/account";
import type { Done } from "@/lib/protocol/schemas";
import { getServices } from "@/lib/services";

export const POST = route(async (request: Request) => {
  const user = await requireSessionUser(request);
  const passwords = await readJson(request, changePasswordSchema);
  await getServices().accountSettings.changePassword(user, passwords, { address: requestMeta(request.headers).ipAddress });
  return NextResponse.json({ ok: true } satisfies Done);
});
