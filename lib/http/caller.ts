// Who is making a REST request: a personal access token (`Authorization: Bearer blt_…`) or
// the browser session cookie. Never a field of the request.
import type { SessionUser } from "@/lib/protocol";
import { requirePermission } from "@/lib/accounts/token-scopes";
import { auth } from "@/lib/auth";
import { ErrorCode, ServiceError, type TokenScope } from "@/lib/protocol";
import { getServices } from "@/lib/services";

export type Caller = SessionUser & { tokenId?: string; scopes?: TokenScope[] };

/** The caller, by session or by a token that has `scope` (else `insufficient_scope`, 403). */
export async function requireCaller(request: Request, scope: TokenScope): Promise<Caller> {
  const authorization = request.headers.get("authorization");
  if (authorization) {
    const [scheme, token] = authorization.split(" ");
    const user = scheme === "Bearer" && token ? await getServices().accessTokens.resolve(token) : null;
    if (!user) throw new ServiceError(ErrorCode.unauthorized, "The access token is not valid.");
    requirePermission(user, scope);
    return user;
  }
  const session = await auth();
  if (!session) throw new ServiceError(ErrorCode.unauthorized, "Sign in, or send a personal access token.");
  const { id, username, name, sessionId } = session.user;
  return { id, username, displayName: name, sessionId };
}

/**
 * The signed-in browser session (never a token) for account and admin actions. A change
 * must come from this site's own pages: another site's form posting with the visitor's
 * cookie is refused.
 */
export async function requireSessionUser(request: Request): Promise<SessionUser> {
  if (request.method !== "GET" && request.method !== "HEAD") {
    const origin = request.headers.get("origin");
    const site = request.headers.get("sec-fetch-site");
    const host = request.headers.get("x-forwarded-host") ?? request.headers.get("host");
    const crossOrigin = origin !== null ? hostOf(origin) !== host : site === "cross-site";
    if (crossOrigin) throw new ServiceError(ErrorCode.forbidden, "Requests from other sites are refused.");
  }
  const session = await auth();
  if (!session) throw new ServiceError(ErrorCode.unauthorized, "Sign in first.");
  const { id, username, name, sessionId } = session.user;
  return { id, username, displayName: name, sessionId };
}

/** An administrator's session; everyone else gets 403. */
export async function requireAdmin(request: Request): Promise<SessionUser> {
  const user = await requireSessionUser(request);
  await getServices().admin.requireAdmin(user.id);
  return user;
}

function hostOf(origin: string): string | null {
  try {
    return new URL(origin).host;
  } catch {
    return null;
  }
}
