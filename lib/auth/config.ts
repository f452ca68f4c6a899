// Auth.js (next-auth v5) configuration: username + password, JWT session cookies that carry
// a server-side session id. Checking that id on every use is what makes sign-out, "sign out
// everywhere" and suspension take effect at once, even for a stolen cookie.
import type { NextAuthConfig } from "next-auth";
import { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { headers } from "next/headers";
import { createLogLimiter, type Logger } from "@/lib/log";
import { signInSchema } from "@/lib/protocol/account";
import { getServices } from "@/lib/services";
import { singleton } from "@/lib/singleton";
import { requestMeta } from "./request-meta";

declare module "next-auth" {
  interface Session {
    user: { id: string; username: string; name: string; sessionId: string };
  }
  interface User {
    username?: string;
    sessionId?: string;
  }
}

/** Wrong username or password: the one message for both, so names cannot be probed. */
export class InvalidCredentials extends CredentialsSignin {
  code = "invalid_credentials";
}

/** The password was right, but the operator suspended the account. */
export class AccountSuspended extends CredentialsSignin {
  code = "suspended";
}

/** Too many failures for this name or address (lib/accounts/login-throttle.ts); `code` carries the wait in seconds. */
export class TooManyAttempts extends CredentialsSignin {
  constructor(seconds: number) {
    super();
    this.code = `retry_after_${seconds}`;
  }
}

/**
 * Auth.js errors any client can cause without signing in: a garbage session cookie, an
 * unknown action, a form without its CSRF token. Nothing failed on our side, and each would
 * be an error with a stack per request: a warning, once a minute per client and kind.
 */
const CLIENT_MADE = new Set(["JWTSessionError", "UnknownAction", "MissingCSRF", "InvalidCheck", "InvalidCallbackUrl"]);
const clientMadeLimiter = () => singleton("auth-log-limiter", () => createLogLimiter({ windowMs: 60_000 }));

async function logClientMade(log: Logger, type: string, message: string) {
  let client = "unknown";
  try {
    client = requestMeta(await headers()).ipAddress;
  } catch {
    // Outside a request (cannot happen for these errors): one shared key.
  }
  const taken = clientMadeLimiter().take(`${type} ${client}`);
  if (taken) log.warn({ type, client, skipped: taken.skipped, detail: message.slice(0, 200) }, "auth request refused");
}

export function authConfig(sessionMaxAgeSeconds: number) {
  return {
    session: { strategy: "jwt", maxAge: sessionMaxAgeSeconds },
    pages: { signIn: "/login" },
    // Auth.js logs to the console by default, with a stack for every wrong password.
    logger: {
      error(error) {
        const log = getServices().logger.child({ component: "auth" });
        const type = (error as { type?: unknown }).type;
        if (error instanceof CredentialsSignin) log.debug({ code: error.code }, "sign-in refused");
        else if (typeof type === "string" && CLIENT_MADE.has(type)) void logClientMade(log, type, error.message);
        else log.error({ err: error }, "auth error");
      },
      warn(code) {
        getServices().logger.warn({ component: "auth", code }, "auth warning");
      },
      debug() {},
    },
    providers: [
      Credentials({
        credentials: { username: {}, password: {} },
        async authorize(raw, request) {
          const parsed = signInSchema.safeParse(raw);
          if (!parsed.success) throw new InvalidCredentials();
          const { username, password } = parsed.data;
          const result = await getServices().accounts.signIn(username, password, requestMeta(request.headers));
          if (!result.ok) {
            if (result.reason === "retry_after") throw new TooManyAttempts(result.seconds);
            throw result.reason === "suspended" ? new AccountSuspended() : new InvalidCredentials();
          }
          const { user, sessionId } = result;
          return { id: user.id, name: user.displayName, username: user.username, sessionId };
        },
      }),
    ],
    callbacks: {
      async jwt({ token, user }) {
        if (user) return { ...token, sub: user.id, sid: user.sessionId, username: user.username, name: user.name };
        // Every later use re-checks the server-side session; null clears the cookie.
        if (typeof token.sid !== "string") return null;
        const current = await getServices().accounts.resolveSession(token.sid);
        if (!current) return null;
        return { ...token, name: current.displayName, username: current.username };
      },
      session({ session, token }) {
        session.user = {
          ...session.user,
          id: token.sub ?? "",
          username: String(token.username ?? ""),
          name: String(token.name ?? ""),
          sessionId: String(token.sid ?? ""),
        };
        return session;
      },
    },
    events: {
      async signOut(message) {
        if ("token" in message && typeof message.token?.sid === "string") {
          await getServices().accounts.endSession(message.token.sid);
        }
      },
    },
  } satisfies NextAuthConfig;
}
