// The SCRAM store in memory (the contract: scram-store.ts), over memory-tables.ts: the salt and
// keys live beside the account and token rows, keyed by their ids.
import { sortBy, type MemoryTables } from "../memory-tables";
import type { ScramSalt, ScramStore } from "./scram-store";

export function createMemoryScramStore(tables: MemoryTables): ScramStore {
  const salts = new Map<string, ScramSalt>();
  const passwordKeys = new Map<string, string>();
  const tokenKeys = new Map<string, string>();
  return {
    async ensureSalt(userId, candidate) {
      if (!salts.has(userId)) salts.set(userId, { ...candidate });
      return { ...salts.get(userId)! };
    },
    async savePasswordKeys(userId, keys) {
      passwordKeys.set(userId, keys);
    },
    async saveTokenKeys(tokenId, keys) {
      if (tables.tokens.some((row) => row.id === tokenId)) tokenKeys.set(tokenId, keys);
    },
    async account(username) {
      const row = tables.users.find((user) => user.username === username);
      if (!row) return null;
      const { id, displayName, suspendedAt, deletedAt } = row;
      // A revoked token's row is gone, and its keys with it.
      const tokens = sortBy(
        tables.tokens.filter((token) => token.userId === id && tokenKeys.has(token.id)),
        (token) => token.createdAt,
      );
      return {
        user: { id, username, displayName, suspendedAt, deletedAt },
        salt: salts.has(id) ? { ...salts.get(id)! } : null,
        passwordKeys: passwordKeys.get(id) ?? null,
        tokens: tokens.map((token) => ({ id: token.id, scopes: token.scopes, keys: tokenKeys.get(token.id)! })),
      };
    },
  };
}
