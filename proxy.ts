// Runs before every page: a fresh CSP nonce per response (Next.js puts it on its own scripts
// when it finds the policy in the request), and the other security headers. Redirects and
// access checks live in layouts and route handlers, not here.
import { type NextRequest, NextResponse } from "next/server";
import { contentSecurityPolicy, securityHeaders } from "@/lib/http/security-headers";

export function proxy(request: NextRequest) {
  const nonce = Buffer.from(crypto.randomUUID()).toString("base64");
  // server.ts drops X-Forwarded-Proto unless TRUST_PROXY is set, so this is the real scheme.
  const https = request.nextUrl.protocol === "https:";
  const policy = contentSecurityPolicy({ nonce, dev: process.env.NODE_ENV === "development", https });
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("Content-Security-Policy", policy);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("Content-Security-Policy", policy);
  for (const [name, value] of Object.entries(securityHeaders({ https }))) response.headers.set(name, value);
  return response;
}

export const config = {
  // Every page, prefetches included: a browser's `Purpose: prefetch` fetch of a page is later
  // shown as that page, so it needs the same headers. Not the API: its JSON needs no nonce
  // (next.config.js gives it fixed headers), and Next.js would hold each request body in
  // memory for the proxy, so the routes could not refuse an oversized one while it streams.
  matcher: ["/((?!api/|_next/static|_next/image|favicon.ico).*)"],
};
