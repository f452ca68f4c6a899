// Storage of personal access tokens: only a hash of each secret is kept. Implementations:
// prisma-token-store.ts, memory-token-store.ts.

export type AccessTokenRow = {
  id: string;
  userId: string;
  name: string;
  tokenHash: string;
  /** As stored: space-separated. */
  scopes: string;
  createdAt: Date;
  lastUsedAt: Date | null;
};

export interface TokenStore {
  /** `scopes` as stored: space-separated. */
  create(userId: string, name: string, tokenHash: string, scopes: string): Promise<AccessTokenRow>;
  /** The account's tokens, oldest first. */
  list(userId: string): Promise<AccessTokenRow[]>;
  /** False when the account has no such token. */
  revoke(userId: string, id: string): Promise<boolean>;
  /** Revokes every token of an account; returns the ids revoked. */
  revokeAll(userId: string): Promise<string[]>;
  findByHash(tokenHash: string): Promise<
    | (AccessTokenRow & {
        user: { id: string; username: string; displayName: string; suspendedAt: Date | null; deletedAt: Date | null };
      })
    | null
  >;
  touch(id: string, at: Date): Promise<void>;
}
