// Accounts: sign-up, credential checks and sign-in sessions. Identity for every request and
// socket comes from a session resolved here, never from a payload.
import type { AccountStore } from "@/lib/db/accounts/account-store";
import type { SessionUser } from "@/lib/protocol";
import { UsernameTakenError } from "@/lib/db/accounts/account-store";
import { inviteHash } from "./invites";
import type { ProfileNotifier, SessionNotifier } from "./notifier";
import { hashPassword, isCommonPassword, verifyAgainstDummy, verifyPassword } from "./passwords";
import type { PasswordAttempts } from "./password-attempts";
import type { SignUpInput } from "@/lib/protocol/account";
import type { SignUpLimiter } from "./signup-limiter";

// Who is acting: what every service receives from the transport layer. Declared once, in the
// protocol (the socket's data carries it too); re-exported here for the services.
export type { SessionUser };

export type SignUpResult =
  | { ok: true; userId: string }
  | { ok: false; field: "username" | "password" | "form"; message: string; retryAfter?: number };

/** A sign-in's outcome. The refusals never tell a missing name from a wrong password. */
export type SignInResult =
  | { ok: true; user: { id: string; username: string; displayName: string }; sessionId: string }
  | { ok: false; reason: "invalid_credentials" | "suspended" }
  | { ok: false; reason: "retry_after"; seconds: number };

/** Where a request came from, as the transport knows it. */
export type ClientMeta = { ipAddress: string; userAgent?: string };

/** Sessions are touched at most this often, so an active tab does not write on every request. */
const SESSION_TOUCH_INTERVAL_MS = 60_000;

export function createAccountService(deps: {
  accounts: AccountStore;
  sessionMaxAgeMs: number;
  now?: () => Date;
  /** Told after a profile change, so presence views show the new display name. */
  onProfileChanged?: (user: { id: string; displayName: string }) => void;
  /** Told after an account was created, so name look-ups stop answering "no such account". */
  onAccountCreated?: (user: { id: string; username: string }) => void;
  /** Closes the live connections of ended sessions. */
  sessions?: SessionNotifier;
  /** Tells every tab of the account of a new display name. */
  profiles?: ProfileNotifier;
  /** Who may sign up (SIGNUPS). */
  signups?: "open" | "invite" | "closed";
  /** Sign-ups per client address. */
  signUpLimiter: SignUpLimiter;
  /** The throttle of password checks, shared with the account settings. */
  passwordAttempts: PasswordAttempts;
  /** The account's password was just set or typed right: XMPP's SCRAM keys derive from it. */
  onPasswordKnown?: (userId: string, password: string) => Promise<void>;
}) {
  const { accounts, sessionMaxAgeMs, signUpLimiter, passwordAttempts } = deps;
  const now = deps.now ?? (() => new Date());

  /**
   * The account, if the password matches. Unknown names take as long as wrong passwords.
   * Unthrottled: only signIn calls it, through the password throttle.
   */
  async function verifyCredentials(username: string, password: string) {
    const account = await accounts.findByUsername(username);
    if (!account) return verifyAgainstDummy(password).then(() => null);
    return (await verifyPassword(account.passwordHash, password)) ? account : null;
  }

  function startSession(userId: string, meta: Partial<ClientMeta>) {
    return accounts.createSession({
      userId,
      expiresAt: new Date(now().getTime() + sessionMaxAgeMs),
      userAgent: meta.userAgent?.slice(0, 300),
      ipAddress: meta.ipAddress,
    });
  }

  return {
    /**
     * Creates an account if the instance admits it: SIGNUPS=open, or invite with a valid
     * invitation, or — whatever the setting — the very first account, which becomes the admin.
     */
    async signUp(input: SignUpInput, from: { invite?: string | null; address: string }): Promise<SignUpResult> {
      const { invite } = from;
      const wait = await signUpLimiter.take(from.address);
      if (wait > 0) {
        const minutes = Math.ceil(wait / 60);
        return {
          ok: false,
          field: "form",
          message: `Too many sign-ups from your network. Try again in ${minutes === 1 ? "a minute" : `${minutes} minutes`}.`,
          retryAfter: wait,
        };
      }
      if (isCommonPassword(input.password)) {
        return { ok: false, field: "password", message: "This password is too common. Choose another." };
      }
      const mode = deps.signups ?? "open";
      try {
        const user = await accounts.create(
          { username: input.username, displayName: input.username, passwordHash: await hashPassword(input.password) },
          mode === "closed" ? { mode } : { mode, inviteHash: invite ? inviteHash(invite) : null, now: now() },
        );
        if (user === "closed") return { ok: false, field: "form", message: "Sign-ups are closed on this server." };
        if (user === "invite_invalid") {
          return {
            ok: false,
            field: "form",
            message: invite
              ? "This invitation is not valid: it expired, was used up, or was revoked."
              : "Sign-ups on this server need an invitation link.",
          };
        }
        deps.onAccountCreated?.({ id: user.id, username: user.username });
        await deps.onPasswordKnown?.(user.id, input.password);
        return { ok: true, userId: user.id };
      } catch (error) {
        if (error instanceof UsernameTakenError) {
          return { ok: false, field: "username", message: "This username is taken." };
        }
        throw error;
      }
    },

    async hasAccounts(): Promise<boolean> {
      return (await accounts.countAll()) > 0;
    },

    startSession,

    /**
     * Signs in with a name and password, through the password throttle: a session starts for
     * the right password of an account that is not suspended. Throttled attempts are refused
     * before the password is checked, alike for names that exist and names that do not.
     */
    async signIn(username: string, password: string, meta: ClientMeta): Promise<SignInResult> {
      const attempt = await passwordAttempts.check(username, meta.ipAddress, () => verifyCredentials(username, password));
      if (!attempt.ok) {
        return attempt.retryAfter > 0
          ? { ok: false, reason: "retry_after", seconds: attempt.retryAfter }
          : { ok: false, reason: "invalid_credentials" };
      }
      const account = attempt.value;
      if (account.suspendedAt) return { ok: false, reason: "suspended" };
      await deps.onPasswordKnown?.(account.id, password);
      const session = await startSession(account.id, meta);
      return { ok: true, user: { id: account.id, username: account.username, displayName: account.displayName }, sessionId: session.id };
    },

    /** The signed-in user of a live session, or null when it ended or expired. */
    async resolveSession(sessionId: string): Promise<SessionUser | null> {
      const at = now();
      const session = await accounts.findLiveSession(sessionId, at);
      if (!session) return null;
      // A session lasts SESSION_MAX_AGE_DAYS without use: each use (at most once a minute) extends it.
      if (at.getTime() - session.lastActiveAt.getTime() > SESSION_TOUCH_INTERVAL_MS) {
        await accounts.touchSession(sessionId, at, new Date(at.getTime() + sessionMaxAgeMs));
      }
      const { id, username, displayName } = session.user;
      return { id, username, displayName, sessionId };
    },

    /** The account's username and display name, as its own settings show them (null: no such account). */
    async profile(userId: string): Promise<{ id: string; username: string; displayName: string } | null> {
      const [summary] = await accounts.summaries([userId]);
      return summary ?? null;
    },

    /** The display name is shown beside the username; the username itself never changes. */
    async setDisplayName(user: SessionUser, displayName: string) {
      const updated = await accounts.setDisplayName(user.id, displayName);
      deps.onProfileChanged?.(updated);
      deps.profiles?.profileChanged(updated);
      return updated;
    },

    async endSession(sessionId: string) {
      await accounts.deleteSession(sessionId);
      deps.sessions?.sessionsEnded([sessionId], "signed_out");
    },
  };
}
export type AccountService = ReturnType<typeof createAccountService>;
