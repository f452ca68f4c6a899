// Storage of SCRAM credentials for XMPP sign-ins: one salt and iteration count per account,
// the keys derived from its password, and the keys of each XMPP app password (kept on the
// access token's row, so revoking the token removes them). Keys are stored as serialized by
// lib/accounts/scram-keys.ts. Implementations: prisma-scram-store.ts, memory-scram-store.ts.

export type ScramSalt = { salt: string; iterations: number };

export type ScramAccount = {
  user: { id: string; username: string; displayName: string; suspendedAt: Date | null; deletedAt: Date | null };
  /** null until the account first needed one (a web sign-in, a password, an app password). */
  salt: ScramSalt | null;
  passwordKeys: string | null;
  /** Tokens with SCRAM keys (app passwords), oldest first. */
  tokens: { id: string; scopes: string; keys: string }[];
};

export interface ScramStore {
  /** The account's salt: the one it has, or `candidate` stored now (the first writer wins). */
  ensureSalt(userId: string, candidate: ScramSalt): Promise<ScramSalt>;
  savePasswordKeys(userId: string, keys: string): Promise<void>;
  saveTokenKeys(tokenId: string, keys: string): Promise<void>;
  /** Everything SCRAM needs of the account of this (lower-case) name, or null if there is none. */
  account(username: string): Promise<ScramAccount | null>;
}
