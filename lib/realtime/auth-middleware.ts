// Authenticates a socket during the handshake, before the connection exists: either the
// Auth.js session cookie (browsers; decrypted with AUTH_SECRET, and its server-side session
// must still be live) or a personal access token in `auth.token` (bots). That account is the
// socket's identity for its whole life; payloads never name who is acting.
import type { AccessTokens } from "@/lib/accounts/access-tokens";
import type { AccountService, SessionUser } from "@/lib/accounts/account-service";
import { cookieValue, decodeSessionToken } from "@/lib/auth/session-token";
import { deviceLabel } from "@/lib/presence/rules/device-label";
import { ErrorCode, handshakeAuthSchema } from "@/lib/protocol";
import type { AppSocket } from "./types";

const PLAIN_COOKIE = "authjs.session-token";
const SECURE_COOKIE = `__Secure-${PLAIN_COOKIE}`;

type Deps = { accounts: AccountService; accessTokens: AccessTokens; authSecret: string };

/** The signed-in user a request's cookies name, or null. */
export async function sessionUserFromCookies(cookieHeader: string | undefined, deps: Deps): Promise<SessionUser | null> {
  if (!cookieHeader) return null;
  const name = cookieHeader.includes(SECURE_COOKIE) ? SECURE_COOKIE : PLAIN_COOKIE;
  const value = cookieValue(cookieHeader, name);
  const claims = value ? decodeSessionToken(value, deps.authSecret, name) : null;
  if (!claims || typeof claims.sid !== "string") return null;
  return deps.accounts.resolveSession(claims.sid);
}

/** An error the client receives as `connect_error`, with a code in `data`. */
export function handshakeError(code: ErrorCode, message: string): Error & { data: { code: ErrorCode } } {
  return Object.assign(new Error(message), { data: { code } });
}

export function authMiddleware(deps: Deps) {
  return async (socket: AppSocket, next: (error?: Error) => void) => {
    const auth = handshakeAuthSchema.safeParse(socket.handshake.auth ?? {});
    if (!auth.success) return next(handshakeError(ErrorCode.invalid_payload, "The handshake is not valid."));
    try {
      const user = auth.data.token
        ? await deps.accessTokens.resolve(auth.data.token)
        : await sessionUserFromCookies(socket.handshake.headers.cookie, deps);
      if (!user) {
        return next(handshakeError(ErrorCode.unauthorized, "You are not signed in, or your session has ended. Sign in again."));
      }
      socket.data.user = user;
      socket.data.deviceId = auth.data.deviceId ?? "";
      socket.data.deviceLabel = auth.data.client ?? deviceLabel(socket.handshake.headers["user-agent"]);
      next();
    } catch {
      next(handshakeError(ErrorCode.internal, "The server could not check your session."));
    }
  };
}
