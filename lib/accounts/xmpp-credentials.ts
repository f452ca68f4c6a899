// XMPP sign-ins against the account's credentials: its password and its app passwords
// (personal access tokens with the `xmpp` scope). SCRAM needs keys derived from each secret with
// the account's one salt: they are derived when a password is set or a web sign-in succeeds,
// and when an app password is created. Every attempt goes through the shared password throttle,
// and a suspended or deleted account cannot sign in. The SASL mechanics are the transport's
// (lib/xmpp/sasl/); this service only answers "whose keys" and "is this secret right".
import { createHmac, randomBytes } from "node:crypto";
import type { ScramAccount, ScramStore } from "@/lib/db/accounts/scram-store";
import type { AccountStore } from "@/lib/db/accounts/account-store";
import { parseStoredScopes } from "./token-scopes";
import type { AccessTokens } from "./access-tokens";
import type { SessionUser } from "./account-service";
import type { PasswordAttempts } from "./password-attempts";
import { verifyPassword } from "./passwords";
import {
  deriveScramKeys,
  matchesScramKey,
  parseScramKeys,
  SCRAM_ITERATIONS,
  type ScramHash,
  type ScramKey,
  serializeScramKeys,
} from "./scram-keys";

/** Who signed in over XMPP, and with which credential (a token's id, for revocation). */
export type XmppUser = SessionUser & { tokenId: string | null };

export type ScramCredentials = {
  salt: Buffer;
  iterations: number;
  keys: ScramKey[];
  /** For each key, the token it belongs to (null: the password). */
  tokenIds: (string | null)[];
};

/**
 * A credential that matched: a token's id or null (the password), and the account as it was
 * read for the check (null: not read yet, the throttle reads it).
 */
export type Verified = { tokenId: string | null; user: ScramAccount["user"] | null };

export type XmppSignIn = { ok: true; user: XmppUser } | { ok: false; reason: "invalid_credentials" | "retry_after"; retryAfter: number };

const hasXmppScope = (scopes: string) => parseStoredScopes(scopes).includes("xmpp");

export function createXmppCredentials(deps: {
  scram: ScramStore;
  accounts: Pick<AccountStore, "findByUsername">;
  accessTokens: Pick<AccessTokens, "resolve">;
  passwordAttempts: PasswordAttempts;
  /** Keys the made-up salts of unknown names, so they stay the same from one attempt to the next. */
  secret: string;
}) {
  const { scram } = deps;

  async function saltOf(userId: string) {
    const stored = await scram.ensureSalt(userId, { salt: randomBytes(16).toString("base64"), iterations: SCRAM_ITERATIONS });
    return { salt: Buffer.from(stored.salt, "base64"), iterations: stored.iterations };
  }

  /** A made-up salt for a name with no account, the same each time (so it does not tell). */
  const madeUpSalt = (username: string) => createHmac("sha256", deps.secret).update(`scram-salt:${username}`).digest().subarray(0, 16);

  const signedIn = (user: { id: string; username: string; displayName: string }, tokenId: string | null): XmppUser => ({
    id: user.id,
    username: user.username,
    displayName: user.displayName,
    // XMPP streams share the token's "session" (revoking it ends them) or one of their own.
    sessionId: tokenId ? `token:${tokenId}` : `xmpp:${user.id}`,
    tokenId,
  });

  return {
    /** The account's password is known now (set, changed, or typed at a web sign-in): derive its SCRAM keys. */
    async passwordKnown(userId: string, password: string): Promise<void> {
      const { salt, iterations } = await saltOf(userId);
      await scram.savePasswordKeys(userId, serializeScramKeys(deriveScramKeys(password, salt, iterations)));
    },

    /** An app password was created: its SCRAM keys, with the account's salt. */
    async tokenCreated(userId: string, tokenId: string, token: string): Promise<void> {
      const { salt, iterations } = await saltOf(userId);
      await scram.saveTokenKeys(tokenId, serializeScramKeys(deriveScramKeys(token, salt, iterations)));
    },

    /**
     * The salt and every key SCRAM may check a proof against. An unknown, suspended or deleted
     * account gets a made-up salt (the same each time) and no keys: it fails at the proof like a
     * wrong password.
     */
    async scramCredentials(username: string, hash: ScramHash): Promise<ScramCredentials> {
      const account = await scram.account(username);
      const usable = account && !account.user.suspendedAt && !account.user.deletedAt && account.salt;
      if (!usable) {
        return { salt: madeUpSalt(username), iterations: SCRAM_ITERATIONS, keys: [], tokenIds: [] };
      }
      const keys: ScramKey[] = [];
      const tokenIds: (string | null)[] = [];
      const password = parseScramKeys(account.passwordKeys);
      if (password) {
        keys.push(password[hash]);
        tokenIds.push(null);
      }
      for (const token of account.tokens) {
        const parsed = hasXmppScope(token.scopes) ? parseScramKeys(token.keys) : null;
        if (!parsed) continue;
        keys.push(parsed[hash]);
        tokenIds.push(token.id);
      }
      return { salt: Buffer.from(account.salt!.salt, "base64"), iterations: account.salt!.iterations, keys, tokenIds };
    },

    /**
     * Runs a sign-in check through the password throttle: `verify` answers which credential
     * matched, or undefined for none.
     */
    async attempt(username: string, address: string, verify: () => Promise<Verified | undefined>): Promise<XmppSignIn> {
      const result = await deps.passwordAttempts.check(username, address, async () => {
        const verified = await verify();
        if (verified === undefined) return null;
        const user = verified.user ?? (await scram.account(username))?.user;
        if (!user || user.suspendedAt || user.deletedAt) return null;
        return signedIn(user, verified.tokenId);
      });
      if (result.ok) return { ok: true, user: result.value };
      return { ok: false, reason: result.retryAfter > 0 ? "retry_after" : "invalid_credentials", retryAfter: result.retryAfter };
    },

    /**
     * PLAIN: the password, or an XMPP app password of this account. The password is checked
     * against the account's SCRAM-SHA-256 key (PBKDF2 on the thread pool, a few ms) rather than
     * its Argon2 hash (~35 ms of CPU per sign-in): those keys already let anyone holding the
     * database test guesses at PBKDF2's cost, so this adds no offline weakness, and online
     * guesses go through the password throttle either way (docs/xmpp.md, "PLAIN and SCRAM
     * keys"). An account without keys yet is checked against Argon2 once, which derives them.
     * A missing name costs one PBKDF2 as a wrong password does.
     */
    async checkPlain(username: string, secret: string): Promise<Verified | undefined> {
      const token = await deps.accessTokens.resolve(secret);
      if (token) return token.username === username && token.scopes.includes("xmpp") ? { tokenId: token.tokenId, user: null } : undefined;
      const account = await scram.account(username);
      const keys = account?.salt ? parseScramKeys(account.passwordKeys) : null;
      if (!account || (account.salt && keys)) {
        const { salt, iterations } = account?.salt ?? { salt: madeUpSalt(username).toString("base64"), iterations: SCRAM_ITERATIONS };
        const key = keys?.["SHA-256"] ?? { storedKey: Buffer.alloc(32), serverKey: Buffer.alloc(32) };
        const matches = await matchesScramKey("SHA-256", secret, Buffer.from(salt, "base64"), iterations, key);
        return account && matches ? { tokenId: null, user: account.user } : undefined;
      }
      const stored = await deps.accounts.findByUsername(username);
      if (!stored || !(await verifyPassword(stored.passwordHash, secret))) return undefined;
      // A password sign-in derives SCRAM keys the account may not have had yet.
      await this.passwordKnown(stored.id, secret);
      return { tokenId: null, user: account.user };
    },
  };
}
export type XmppCredentials = ReturnType<typeof createXmppCredentials>;
