// Liveness and readiness: 200 when the database answers, 503 otherwise.
import { NextResponse } from "next/server";
import type { Health } from "@/lib/protocol/schemas";
import { getServices } from "@/lib/services";

export const dynamic = "force-dynamic";

export async function GET() {
  const checks = await getServices().health();
  const ok = Object.values(checks).every((check) => check === "ok");
  return NextResponse.json(
    { status: ok ? "ok" : "unavailable", checks, uptimeSeconds: Math.round(process.uptime()) } satisfies Health,
    { status: ok ? 200 : 503, headers: { "Cache-Control": "no-store" } },
  );
}
