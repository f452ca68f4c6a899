// Storage of accounts (PRINCIPALS) and their sign-in sessions.
import { randomUUID } from "node:crypto";
import type { Db } from "./client";

export type AccountRecord = { id: string; username: string; displayName: string; passwordHash: string };
export type SessionRecord = { id: string; userId: string; expiresAt: Date; lastActiveAt: Date };

export class UsernameTakenError extends Error {
  constructor() {
    super("username_taken");
  }
}

function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && "code" in error && error.code === "P2002";
}

export function createAccountStore(db: Db) {
  return {
    async create(input: { username: string; displayName: string; passwordHash: string }): Promise<AccountRecord> {
      try {
        return await db.user.create({ data: { id: randomUUID(), ...input } });
      } catch (error) {
        if (isUniqueViolation(error)) throw new UsernameTakenError();
        throw error;
      }
    },
    findByUsername(username: string): Promise<AccountRecord | null> {
      return db.user.findUnique({ where: { username } });
    },
    findById(id: string): Promise<AccountRecord | null> {
      return db.user.findUnique({ where: { id } });
    },
    /** Names of these accounts (missing ids are deleted accounts). */
    summaries(ids: string[]) {
      if (ids.length === 0) return Promise.resolve([]);
      return db.user.findMany({ where: { id: { in: ids } }, select: { id: true, username: true, displayName: true } });
    },
    setDisplayName(id: string, displayName: string) {
      return db.user.update({ where: { id }, data: { displayName }, select: { id: true, username: true, displayName: true } });
    },

    createSession(input: { userId: string; expiresAt: Date; userAgent?: string; ipAddress?: string }) {
      return db.session.create({ data: { id: randomUUID(), ...input } });
    },
    /** A session with its account, if it exists and has not expired. */
    async findLiveSession(id: string, now: Date) {
      const session = await db.session.findUnique({
        where: { id },
        include: { user: { select: { id: true, username: true, displayName: true } } },
      });
      if (!session || session.expiresAt <= now) return null;
      return session;
    },
    async touchSession(id: string, now: Date, expiresAt: Date): Promise<void> {
      await db.session.updateMany({ where: { id }, data: { lastActiveAt: now, expiresAt } });
    },
    async deleteSession(id: string): Promise<void> {
      await db.session.deleteMany({ where: { id } });
    },
  };
}
export type AccountStore = ReturnType<typeof createAccountStore>;
