// The token store in memory (the contract: token-store.ts), over memory-tables.ts.
import { randomUUID } from "node:crypto";
import { copy, deleteWhere, type MemoryTables, sortBy } from "../memory-tables";
import type { TokenStore } from "./token-store";

export function createMemoryTokenStore(tables: MemoryTables): TokenStore {
  return {
    async create(userId, name, tokenHash, scopes) {
      if (tables.tokens.some((row) => row.tokenHash === tokenHash)) throw new Error("Unique constraint failed: tokenHash");
      const row = { id: randomUUID(), userId, name, tokenHash, scopes, createdAt: tables.now(), lastUsedAt: null };
      tables.tokens.push(row);
      return copy(row);
    },

    async list(userId) {
      return sortBy(
        tables.tokens.filter((row) => row.userId === userId),
        (row) => row.createdAt,
      ).map(copy);
    },

    async revoke(userId, id) {
      return deleteWhere(tables.tokens, (row) => row.id === id && row.userId === userId) > 0;
    },

    async revokeAll(userId) {
      const ids = tables.tokens.filter((row) => row.userId === userId).map((row) => row.id);
      deleteWhere(tables.tokens, (row) => row.userId === userId);
      return ids;
    },

    async findByHash(tokenHash) {
      const token = tables.tokens.find((row) => row.tokenHash === tokenHash);
      const owner = token && tables.users.find((row) => row.id === token.userId);
      if (!token || !owner) return null;
      const { id, username, displayName, suspendedAt, deletedAt } = owner;
      return { ...token, user: { id, username, displayName, suspendedAt, deletedAt } };
    },

    async touch(id, at) {
      const token = tables.tokens.find((row) => row.id === id);
      if (token) token.lastUsedAt = at;
    },
  };
}
