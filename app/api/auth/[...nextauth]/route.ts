// Auth.js' endpoints (sign-in, sign-out, CSRF, session). Auth.js reads a POST body whole,
// however large; here it gets one only after it was read within the same bound as the API's.
import { NextRequest } from "next/server";
import { handlers } from "@/lib/auth";
import { readBodyText, route } from "@/lib/http/route";

export const { GET } = handlers;

export const POST = route(async (request: NextRequest) => {
  const body = await readBodyText(request);
  const headers = new Headers(request.headers);
  // The body is now whole and in memory: how it arrived no longer applies.
  headers.delete("content-length");
  headers.delete("transfer-encoding");
  return handlers.POST(new NextRequest(request.url, { method: "POST", headers, body }));
});
