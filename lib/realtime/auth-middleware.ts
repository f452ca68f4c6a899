// Authenticates a socket during the handshake, before the connection exists: the Auth.js
// session cookie is decrypted with AUTH_SECRET and its server-side session must still be
// live. The account on that session is the socket's identity for its whole life.
import { getToken } from "next-auth/jwt";
import type { Socket } from "socket.io";
import type { AccountService, SessionUser } from "@/lib/accounts/account-service";
import { ErrorCode } from "@/lib/protocol";

const SECURE_COOKIE = "__Secure-authjs.session-token";

/** The signed-in user a request's cookies name, or null. */
export async function sessionUserFromCookies(
  cookieHeader: string | undefined,
  deps: { accounts: AccountService; authSecret: string },
): Promise<SessionUser | null> {
  if (!cookieHeader) return null;
  const secureCookie = cookieHeader.includes(SECURE_COOKIE);
  const token = await getToken({
    req: { headers: { cookie: cookieHeader } },
    secret: deps.authSecret,
    secureCookie,
    // Bearer tokens are not session cookies; they are handled by their own resolver.
    raw: false,
  });
  if (!token || typeof token.sid !== "string") return null;
  return deps.accounts.resolveSession(token.sid);
}

/** An error the client receives as `connect_error`, with a code in `data`. */
export function handshakeError(code: ErrorCode, message: string): Error & { data: { code: ErrorCode } } {
  return Object.assign(new Error(message), { data: { code } });
}

export function authMiddleware(deps: { accounts: AccountService; authSecret: string }) {
  return async (socket: Socket, next: (error?: Error) => void) => {
    try {
      const user = await sessionUserFromCookies(socket.handshake.headers.cookie, deps);
      if (!user) return next(handshakeError(ErrorCode.unauthorized, "You are not signed in, or your session has ended. Sign in again."));
      socket.data.user = user;
      next();
    } catch {
      next(handshakeError(ErrorCode.internal, "The server could not check your session."));
    }
  };
}
