// Who is making a REST request: a personal access token (`Authorization: Bearer blt_…`) or
// the browser session cookie. Never a field of the request.
import type { SessionUser } from "@/lib/accounts/account-service";
import { auth } from "@/lib/auth";
import { ErrorCode, ServiceError } from "@/lib/protocol";
import { getServices } from "@/lib/services";

export type Caller = SessionUser & { tokenId?: string };

export async function requireCaller(request: Request): Promise<Caller> {
  const authorization = request.headers.get("authorization");
  if (authorization) {
    const [scheme, token] = authorization.split(" ");
    const user = scheme === "Bearer" && token ? await getServices().accessTokens.resolve(token) : null;
    if (!user) throw new ServiceError(ErrorCode.unauthorized, "The access token is not valid.");
    return user;
  }
  const session = await auth();
  if (!session) throw new ServiceError(ErrorCode.unauthorized, "Sign in, or send a personal access token.");
  const { id, username, name, sessionId } = session.user;
  return { id, username, displayName: name, sessionId };
}
