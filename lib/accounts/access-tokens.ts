// Personal access tokens: for pollers (REST) and bots (sockets). The secret is shown once;
// only its SHA-256 is stored (a random 256-bit secret needs no slow hash).
import { createHash, randomBytes } from "node:crypto";
import type { TokenStore } from "@/lib/db/token-store";
import type { AccessTokenSummary, CreatedAccessToken } from "@/lib/protocol/buddy-list";
import { ErrorCode, ServiceError } from "@/lib/protocol/errors";
import type { SessionUser } from "./account-service";
import type { SessionNotifier } from "./notifier";

export const TOKEN_PREFIX = "blt_";
const MAX_TOKENS = 20;
/** lastUsedAt is written at most this often per token. */
const TOUCH_INTERVAL_MS = 60_000;

const hashOf = (token: string) => createHash("sha256").update(token).digest("hex");
/** The session id of connections opened with a token: never the id of a real session. */
const tokenSessionId = (tokenId: string) => `token:${tokenId}`;

/** Who a token acts for. `sessionId` is the token's own id, prefixed so it never matches a session. */
export type TokenUser = SessionUser & { tokenId: string };

export function createAccessTokens(deps: { store: TokenStore; sessions?: SessionNotifier; now?: () => Date }) {
  const { store } = deps;
  const now = deps.now ?? (() => new Date());
  const summary = (row: { id: string; name: string; createdAt: Date; lastUsedAt: Date | null }): AccessTokenSummary => ({
    id: row.id,
    name: row.name,
    createdAt: row.createdAt.toISOString(),
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
  });

  return {
    async create(user: Pick<SessionUser, "id">, name: string): Promise<CreatedAccessToken> {
      if ((await store.list(user.id)).length >= MAX_TOKENS) {
        throw new ServiceError(ErrorCode.conflict, `You can have at most ${MAX_TOKENS} tokens. Revoke one first.`);
      }
      const token = TOKEN_PREFIX + randomBytes(32).toString("base64url");
      const row = await store.create(user.id, name, hashOf(token));
      return { ...summary(row), token };
    },

    async list(user: Pick<SessionUser, "id">): Promise<AccessTokenSummary[]> {
      return (await store.list(user.id)).map(summary);
    },

    /** Revoking also closes the sockets that bots opened with the token. */
    async revoke(user: Pick<SessionUser, "id">, id: string): Promise<void> {
      if (!(await store.revoke(user.id, id))) throw new ServiceError(ErrorCode.not_found, "There is no such token.");
      deps.sessions?.sessionsEnded([tokenSessionId(id)], "revoked");
    },

    /** The account a presented token acts for, or null for an unknown or revoked token. */
    async resolve(token: string): Promise<TokenUser | null> {
      if (!token.startsWith(TOKEN_PREFIX) || token.length > 100) return null;
      const row = await store.findByHash(hashOf(token));
      if (!row || row.user.suspendedAt || row.user.deletedAt) return null;
      const at = now();
      if (!row.lastUsedAt || at.getTime() - row.lastUsedAt.getTime() > TOUCH_INTERVAL_MS) await store.touch(row.id, at);
      const { id, username, displayName } = row.user;
      return { id, username, displayName, sessionId: tokenSessionId(row.id), tokenId: row.id };
    },
  };
}
export type AccessTokens = ReturnType<typeof createAccessTokens>;
