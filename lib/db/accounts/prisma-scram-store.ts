// The SCRAM store on Prisma (the contract: scram-store.ts).
import type { Db } from "../client";
import type { ScramStore } from "./scram-store";

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
      const row = await db.user.findUnique({
        where: { username },
        select: {
          id: true,
          username: true,
          displayName: true,
          suspendedAt: true,
          deletedAt: true,
          scramSalt: true,
          scramIterations: true,
          scramKeys: true,
          accessTokens: { where: { scramKeys: { not: null } }, orderBy: { createdAt: "asc" }, select: { id: true, scopes: true, scramKeys: true } },
        },
      });
      if (!row) return null;
      const { scramSalt, scramIterations, scramKeys, accessTokens, ...user } = row;
      return {
        user,
        salt: scramSalt && scramIterations ? { salt: scramSalt, iterations: scramIterations } : null,
        passwordKeys: scramKeys,
        tokens: accessTokens.map((token) => ({ id: token.id, scopes: token.scopes, keys: token.scramKeys! })),
      };
    },
  };
}
