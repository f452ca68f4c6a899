// Personal access tokens: for pollers (REST) and bots (sockets). The secret is shown once;
// only its SHA-256 is stored (a random 256-bit secret needs no slow hash).
import { createHash, randomBytes } from "node:crypto";
import type { TokenStore } from "@/lib/db/accounts/token-store";
import type { AccessTokenSummary, CreatedAccessToken } from "@/lib/protocol/buddy-list";
import { ErrorCode, ServiceError } from "@/lib/protocol/errors";
import type { TokenScope } from "@/lib/protocol/scopes";
import type { SessionUser } from "./account-service";
import type { SessionNotifier } from "./notifier";
import { type Credential, parseStoredScopes, requirePermission, storedScopes } from "./token-scopes";

export const TOKEN_PREFIX = "blt_";
const MAX_TOKENS = 20;
/** lastUsedAt is written at most this often per token. */
const TOUCH_INTERVAL_MS = 60_000;

const hashOf = (token: string) => createHash("sha256").update(token).digest("hex");
/** The session id of connections opened with a token: never the id of a real session. */
export const tokenSessionId = (tokenId: string) => `token:${tokenId}`;

/**
 * Who a token acts for, and what it may do. `sessionId` is the token's own id, prefixed so it
 * never matches a session.
 */
export type TokenUser = SessionUser & { tokenId: string; scopes: TokenScope[] };

/** Who manages tokens: a browser session (a token's `scopes` make it refused). */
type Manager = Pick<SessionUser, "id"> & Credential;

export function createAccessTokens(deps: {
  store: TokenStore;
  sessions?: SessionNotifier;
  /** An app password (a token with the `xmpp` scope) was created: its SCRAM keys are derived. */
  onXmppTokenCreated?: (userId: string, tokenId: string, token: string) => Promise<void>;
  now?: () => Date;
}) {
  const { store } = deps;
  const now = deps.now ?? (() => new Date());
  const summary = (row: {
    id: string;
    name: string;
    scopes: string;
    createdAt: Date;
    lastUsedAt: Date | null;
  }): AccessTokenSummary => ({
    id: row.id,
    name: row.name,
    scopes: parseStoredScopes(row.scopes),
    createdAt: row.createdAt.toISOString(),
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
  });

  return {
    async create(user: Manager, name: string, scopes: readonly TokenScope[]): Promise<CreatedAccessToken> {
      requirePermission(user, "session");
      if ((await store.list(user.id)).length >= MAX_TOKENS) {
        throw new ServiceError(ErrorCode.conflict, `You can have at most ${MAX_TOKENS} tokens. Revoke one first.`);
      }
      const token = TOKEN_PREFIX + randomBytes(32).toString("base64url");
      const row = await store.create(user.id, name, hashOf(token), storedScopes(scopes));
      if (scopes.includes("xmpp")) await deps.onXmppTokenCreated?.(user.id, row.id, token);
      return { ...summary(row), token };
    },

    async list(user: Manager): Promise<AccessTokenSummary[]> {
      requirePermission(user, "session");
      return (await store.list(user.id)).map(summary);
    },

    /** Revoking also closes the sockets that bots opened with the token. */
    async revoke(user: Manager, id: string): Promise<void> {
      requirePermission(user, "session");
      if (!(await store.revoke(user.id, id))) throw new ServiceError(ErrorCode.not_found, "There is no such token.");
      deps.sessions?.sessionsEnded([tokenSessionId(id)], "revoked");
    },

    /**
     * Revokes every token of the account and closes their sockets: part of a password change
     * and of "sign out everywhere", so that nothing a thief made survives them. Returns how many.
     */
    async revokeAll(user: Pick<SessionUser, "id">): Promise<number> {
      const ids = await store.revokeAll(user.id);
      if (ids.length > 0) deps.sessions?.sessionsEnded(ids.map(tokenSessionId), "revoked");
      return ids.length;
    },

    /** The account a presented token acts for, or null for an unknown or revoked token. */
    async resolve(token: string): Promise<TokenUser | null> {
      if (!token.startsWith(TOKEN_PREFIX) || token.length > 100) return null;
      const row = await store.findByHash(hashOf(token));
      if (!row || row.user.suspendedAt || row.user.deletedAt) return null;
      const at = now();
      if (!row.lastUsedAt || at.getTime() - row.lastUsedAt.getTime() > TOUCH_INTERVAL_MS) await store.touch(row.id, at);
      const { id, username, displayName } = row.user;
      return {
        id,
        username,
        displayName,
        sessionId: tokenSessionId(row.id),
        tokenId: row.id,
        scopes: parseStoredScopes(row.scopes),
      };
    },
  };
}
export type AccessTokens = ReturnType<typeof createAccessTokens>;
