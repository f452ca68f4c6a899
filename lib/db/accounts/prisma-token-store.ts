// The token store on SQLite or PostgreSQL through Prisma (the contract: token-store.ts).
import { randomUUID } from "node:crypto";
import type { Db } from "../client";
import type { TokenStore } from "./token-store";

export function createPrismaTokenStore(db: Db): TokenStore {
  return {
    /** `scopes` as stored: space-separated. */
    create(userId: string, name: string, tokenHash: string, scopes: string) {
      return db.accessToken.create({ data: { id: randomUUID(), userId, name, tokenHash, scopes } });
    },
    list(userId: string) {
      return db.accessToken.findMany({ where: { userId }, orderBy: { createdAt: "asc" } });
    },
    async revoke(userId: string, id: string): Promise<boolean> {
      const { count } = await db.accessToken.deleteMany({ where: { id, userId } });
      return count > 0;
    },
    /** Revokes every token of an account; returns the ids revoked. */
    async revokeAll(userId: string): Promise<string[]> {
      const ids = (await db.accessToken.findMany({ where: { userId }, select: { id: true } })).map((row) => row.id);
      await db.accessToken.deleteMany({ where: { userId } });
      return ids;
    },
    findByHash(tokenHash: string) {
      return db.accessToken.findUnique({
        where: { tokenHash },
        include: { user: { select: { id: true, username: true, displayName: true, suspendedAt: true, deletedAt: true } } },
      });
    },
    async touch(id: string, at: Date): Promise<void> {
      await db.accessToken.updateMany({ where: { id }, data: { lastUsedAt: at } });
    },
  };
}
