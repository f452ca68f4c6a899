// GET /api/push/subscriptions — my devices subscribed to Web Push; POST — subscribe this one
// (again: the same endpoint keeps its id). The browser session only, never a token.
import { NextResponse } from "next/server";
import { requireSessionUser } from "@/lib/http/caller";
import { readJson, route } from "@/lib/http/route";
import { newPushSubscriptionSchema, type PushSubscriptionList, type PushSubscriptionSummary } from "@/lib/protocol/push";
import { getServices } from "@/lib/services";

export const dynamic = "force-dynamic";

export const GET = route(async (request: Request) => {
  const user = await requireSessionUser(request);
  return NextResponse.json({ subscriptions: await getServices().push.list(user) } satisfies PushSubscriptionList);
});

export const POST = route(async (request: Request) => {
  const user = await requireSessionUser(request);
  const subscription = await readJson(request, newPushSubscriptionSchema);
  const saved = await getServices().push.subscribe(user, subscription, request.headers.get("user-agent"));
  return NextResponse.json(saved satisfies PushSubscriptionSummary, { status: 201 });
});
