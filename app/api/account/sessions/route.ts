// GET /api/account/sessions — my signed-in sessions; DELETE — sign out everywhere else.
import { NextResponse } from "next/server";
import { requireSessionUser } from "@/lib/http/caller";
import { route } from "@/lib/http/route";
import type { EndedSessions, SessionList } from "@/lib/protocol/account";
import { getServices } from "@/lib/services";

export const dynamic = "force-dynamic";

export const GET = route(async (request: Request) => {
  const user = await requireSessionUser(request);
  return NextResponse.json({ sessions: await getServices().accountSettings.listSessions(user) } satisfies SessionList);
});

export const DELETE = route(async (request: Request) => {
  const user = await requireSessionUser(request);
  return NextResponse.json({ ended: await getServices().accountSettings.endOtherSessions(user) } satisfies EndedSessions);
});
