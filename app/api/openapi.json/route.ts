// GET /api/openapi.json — the generated OpenAPI 3.1 description of the HTTP API.
import { NextResponse } from "next/server";
import { openApiDocument } from "@/lib/http/openapi";

export const dynamic = "force-static";

export function GET() {
  return NextResponse.json(openApiDocument());
}
