// GET /api/push/settings — what my push notifications show; PATCH — change it.
import { NextResponse } from "next/server";
import { requireSessionUser } from "@/lib/http/caller";
import { readJson, route } from "@/lib/http/route";
import { type PushSettings, pushSettingsSchema } from "@/lib/protocol/push";
import { getServices } from "@/lib/services";

export const dynamic = "force-dynamic";

export const GET = route(async (request: Request) => {
  const user = await requireSessionUser(request);
  return NextResponse.json((await getServices().push.settings(user)) satisfies PushSettings);
});

export const PATCH = route(async (request: Request) => {
  const user = await requireSessionUser(request);
  const settings = await readJson(request, pushSettingsSchema);
  return NextResponse.json((await getServices().push.setSettings(user, settings)) satisfies PushSettings);
});
