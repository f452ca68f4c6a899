// GET /api/push/key — the server's VAPID public key, for pushManager.subscribe().
import { NextResponse } from "next/server";
import { requireSessionUser } from "@/lib/http/caller";
import { route } from "@/lib/http/route";
import type { PushKey } from "@/lib/protocol/push";
import { getServices } from "@/lib/services";

export const dynamic = "force-dynamic";

export const GET = route(async (request: Request) => {
  await requireSessionUser(request);
  return NextResponse.json({ publicKey: getServices().push.publicKey() } satisfies PushKey);
});
