// The SCRAM store on Prisma (the contract: scram-store.ts).
import type { Db } from "../client";
import { readRows } from "../direct-reads";
import { Prisma } from "../generated/sqlite/client";
import { rawDate } from "../raw-values";
import type { ScramStore } from "./scram-store";

type AccountRow = {
  id: string;
  username: string;
  displayName: string;
  suspendedAt: Date | string | null;
  deletedAt: Date | string | null;
  scramSalt: string | null;
  scramIterations: number | null;
  scramKeys: string | null;
  tokenId: string | null;
  tokenScopes: string | null;
  tokenKeys: string | null;
};

export function createPrismaScramStore(db: Db): ScramStore {
  return {
    async ensureSalt(userId, candidate) {
      await db.user.updateMany({
        where: { id: userId, scramSalt: null },
        data: { scramSalt: candidate.salt, scramIterations: candidate.iterations },
      });
      const row = await db.user.findUniqueOrThrow({ where: { id: userId }, select: { scramSalt: true, scramIterations: true } });
      return { salt: row.scramSalt!, iterations: row.scramIterations! };
    },

    async savePasswordKeys(userId, keys) {
      await db.user.update({ where: { id: userId }, data: { scramKeys: keys } });
    },

    async saveTokenKeys(tokenId, keys) {
      await db.accessToken.updateMany({ where: { id: tokenId }, data: { scramKeys: keys } });
    },

    async account(username) {
      // Every PLAIN or SCRAM sign-in asks this: the account and its app passwords' keys in one
      // statement, read past Prisma's engine on SQLite (direct-reads.ts).
      const rows = await readRows<AccountRow>(db, Prisma.sql`
        SELECT u."id" AS "id", u."username" AS "username", u."displayName" AS "displayName",
               u."suspendedAt" AS "suspendedAt", u."deletedAt" AS "deletedAt",
               u."scramSalt" AS "scramSalt", u."scramIterations" AS "scramIterations", u."scramKeys" AS "scramKeys",
               t."id" AS "tokenId", t."scopes" AS "tokenScopes", t."scramKeys" AS "tokenKeys"
        FROM "User" u
        LEFT JOIN "AccessToken" t ON t."userId" = u."id" AND t."scramKeys" IS NOT NULL
        WHERE u."username" = ${username}
        ORDER BY t."createdAt" ASC, t."id" ASC`);
      const [row] = rows;
      if (!row) return null;
      const { scramSalt, scramIterations, scramKeys } = row;
      return {
        user: {
          id: row.id,
          username: row.username,
          displayName: row.displayName,
          suspendedAt: row.suspendedAt === null ? null : rawDate(row.suspendedAt),
          deletedAt: row.deletedAt === null ? null : rawDate(row.deletedAt),
        },
        salt: scramSalt && scramIterations ? { salt: scramSalt, iterations: Number(scramIterations) } : null,
        passwordKeys: scramKeys,
        tokens: rows.flatMap((token) => (token.tokenId ? [{ id: token.tokenId, scopes: token.tokenScopes!, keys: token.tokenKeys! }] : [])),
      };
    },
  };
}
