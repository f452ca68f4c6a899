// The account's own settings: password, sign-in sessions, export, deletion. Identity always
// comes from the session; the password is asked again for what cannot be undone.
import type { AccountStore } from "@/lib/db/accounts/account-store";
import type { ExportStore } from "@/lib/db/accounts/export-store";
import type { SessionSummary } from "@/lib/protocol/account";
import { ErrorCode, ServiceError } from "@/lib/protocol/errors";
import type { AccountExport } from "@/lib/protocol/export";
import { deviceLabel } from "@/lib/presence/rules/device-label";
import { type AccessTokens, tokenSessionId } from "./access-tokens";
import type { SessionUser } from "./account-service";
import { buildExport, type ExportViews } from "./export-format";
import type { SessionNotifier } from "./notifier";
import { hashPassword, isCommonPassword, verifyPassword } from "./passwords";
import type { PasswordAttempts } from "./password-attempts";

/** 203.0.113.42 → 203.0.113.x; IPv6 keeps its first three groups. */
export function roughAddress(address: string | null): string | null {
  if (!address || address === "unknown") return null;
  const v4 = /^(?:::ffff:)?(\d+\.\d+\.\d+)\.\d+$/.exec(address);
  if (v4) return `${v4[1]}.x`;
  if (address.includes(":")) return `${address.split(":").slice(0, 3).join(":")}::/48`;
  return null;
}

export function createAccountSettings(deps: {
  accounts: AccountStore;
  exports: ExportStore;
  /** How these watchers show to the account (watcher information's rule). */
  watchersAsShown: (presentityId: string, watcherIds: string[]) => Promise<{ watchers: ExportViews["watchers"] }>;
  /** Of these accounts, those the account may know of (see known-account.ts). */
  knownAmong: (userId: string, ids: string[]) => Promise<Set<string>>;
  sessions: SessionNotifier;
  /** Personal access tokens: a password change and "sign out everywhere" revoke them all. */
  tokens: Pick<AccessTokens, "revokeAll">;
  /** The throttle sign-in uses: asking for the current password again is throttled the same way. */
  passwordAttempts: PasswordAttempts;
  /** The new password: XMPP's SCRAM keys derive from it. */
  onPasswordKnown?: (userId: string, password: string) => Promise<void>;
  /** Told after an account was deleted, with the accounts whose lists showed it. */
  onAccountDeleted: (userId: string, related: string[]) => Promise<void>;
  /** The attachments of exported messages, by message id (absent: exports carry none). */
  attachmentsOf?: (
    messageIds: string[],
  ) => Promise<Map<string, { id: string; name: string; type: string; size: number; url: string }[]>>;
  now?: () => Date;
}) {
  const { accounts, sessions } = deps;
  const now = deps.now ?? (() => new Date());

  /**
   * `field` names the request's password field, so the error lands next to it. Throttled like
   * sign-in (shared counts): someone holding a stolen session cannot guess the password here.
   */
  async function requirePassword(user: SessionUser, password: string, field: "currentPassword" | "password", address: string) {
    const attempt = await deps.passwordAttempts.check(user.username, address, async () => {
      const account = await accounts.findById(user.id);
      return account && (await verifyPassword(account.passwordHash, password)) ? account : null;
    });
    if (attempt.ok) return;
    if (attempt.retryAfter > 0) {
      throw new ServiceError(ErrorCode.rate_limited, `Too many wrong passwords. Try again in ${attempt.retryAfter} s.`, {
        retryAfter: attempt.retryAfter,
        issues: [{ path: field, message: `Too many wrong passwords. Try again in ${attempt.retryAfter} s.` }],
      });
    }
    throw new ServiceError(ErrorCode.forbidden, "The password is not right.", {
      issues: [{ path: field, message: "The password is not right." }],
    });
  }

  /** Ends sessions and closes their sockets at once. */
  function ended(ids: string[]) {
    if (ids.length > 0) sessions.sessionsEnded(ids, "revoked");
  }

  return {
    /**
     * A new password ends every other session of the account and revokes every token, sockets
     * included: whoever knew the old password may have made either.
     */
    async changePassword(user: SessionUser, passwords: { currentPassword: string; newPassword: string }, from: { address: string }) {
      const { currentPassword, newPassword } = passwords;
      await requirePassword(user, currentPassword, "currentPassword", from.address);
      if (isCommonPassword(newPassword)) {
        throw new ServiceError(ErrorCode.invalid_payload, "This password is too common. Choose another.", {
          issues: [{ path: "newPassword", message: "This password is too common. Choose another." }],
        });
      }
      await accounts.setPasswordHash(user.id, await hashPassword(newPassword));
      await deps.onPasswordKnown?.(user.id, newPassword);
      ended(await accounts.deleteSessions(user.id, user.sessionId));
      await deps.tokens.revokeAll(user);
    },

    async listSessions(user: SessionUser): Promise<SessionSummary[]> {
      return (await accounts.listSessions(user.id)).map((session) => ({
        id: session.id,
        current: session.id === user.sessionId,
        device: deviceLabel(session.userAgent ?? undefined),
        address: roughAddress(session.ipAddress),
        createdAt: session.createdAt.toISOString(),
        lastActiveAt: session.lastActiveAt.toISOString(),
      }));
    },

    async endSession(user: SessionUser, sessionId: string) {
      const mine = (await accounts.listSessions(user.id)).some((session) => session.id === sessionId);
      if (!mine) throw new ServiceError(ErrorCode.not_found, "There is no such session.");
      await accounts.deleteSession(sessionId);
      ended([sessionId]);
    },

    /** "Sign out everywhere": every other session and every token end, sockets included. */
    async endOtherSessions(user: SessionUser): Promise<{ ended: number; revokedTokens: number }> {
      const ids = await accounts.deleteSessions(user.id, user.sessionId);
      ended(ids);
      return { ended: ids.length, revokedTokens: await deps.tokens.revokeAll(user) };
    },

    async exportData(user: SessionUser): Promise<AccountExport> {
      const data = await deps.exports.collect(user.id);
      const people = [
        ...data.rules.flatMap((rule) => (rule.subjectType === "user" && rule.subjectId ? [rule.subjectId] : [])),
        ...data.visibility.map((rule) => rule.presentityId),
      ];
      const [{ watchers }, knownPeople] = await Promise.all([
        deps.watchersAsShown(user.id, data.watchers.map((row) => row.watcherId)),
        deps.knownAmong(user.id, people),
      ]);
      const document = buildExport(data, now(), { watchers, knownPeople });
      if (!deps.attachmentsOf) return document;
      const byMessage = await deps.attachmentsOf(document.inbox.messages.map((message) => message.id));
      document.inbox.messages = document.inbox.messages.map((message) => ({ ...message, attachments: byMessage.get(message.id) ?? [] }));
      return document;
    },

    /**
     * Deletes the account: everything of it goes, its watchers see an unknown user, messages
     * it sent stay in the other inboxes (from a deleted account), and the name stays taken.
     */
    async deleteAccount(user: SessionUser, password: string, from: { address: string }) {
      await requirePassword(user, password, "password", from.address);
      const tokens = (await accounts.tokenIds(user.id)).map(tokenSessionId);
      const sessionIds = (await accounts.listSessions(user.id)).map((session) => session.id);
      const related = await accounts.tombstone(user.id, now());
      sessions.sessionsEnded([...sessionIds, ...tokens], "revoked");
      await deps.onAccountDeleted(user.id, related);
    },
  };
}
export type AccountSettings = ReturnType<typeof createAccountSettings>;
