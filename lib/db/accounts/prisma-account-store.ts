// The account store on SQLite or PostgreSQL through Prisma (the contract: account-store.ts).
import { randomUUID } from "node:crypto";
import { batched, batchedByKey } from "../batched";
import type { Db } from "../client";
import { readRows } from "../direct-reads";
import { Prisma } from "../generated/sqlite/client";
import { likeContaining } from "../like";
import { rawDate } from "../raw-values";
import { type AccountStore, DELETED_DISPLAY_NAME, UsernameTakenError } from "./account-store";

type LiveSessionRow = {
  expiresAt: Date | string;
  lastActiveAt: Date | string;
  id: string;
  username: string;
  displayName: string;
  suspendedAt: Date | string | null;
  deletedAt: Date | string | null;
};

function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && "code" in error && error.code === "P2002";
}

export function createPrismaAccountStore(db: Db): AccountStore {
  const liveSessionRow = batchedByKey(async (ids: string[]) => {
    const rows = await readRows<LiveSessionRow & { sessionId: string }>(db, Prisma.sql`
      SELECT s."id" AS "sessionId", s."expiresAt" AS "expiresAt", s."lastActiveAt" AS "lastActiveAt",
             u."id" AS "id", u."username" AS "username", u."displayName" AS "displayName",
             u."suspendedAt" AS "suspendedAt", u."deletedAt" AS "deletedAt"
      FROM "Session" s JOIN "User" u ON u."id" = s."userId"
      WHERE s."id" IN (${Prisma.join(ids)})`);
    return new Map(rows.map((row) => [row.sessionId, row]));
  }, null);
  /**
   * Sessions used in one turn are extended by one UPDATE (after a restart every reconnecting tab
   * extends its session), to the latest moment asked: a few milliseconds later than some asked.
   */
  const touchSessions = batched(async (touches: { id: string; now: Date; expiresAt: Date }[]) => {
    const latest = touches.reduce((a, b) => (b.expiresAt > a.expiresAt ? b : a));
    await db.session.updateMany({
      where: { id: { in: [...new Set(touches.map((touch) => touch.id))] } },
      data: { lastActiveAt: latest.now, expiresAt: latest.expiresAt },
    });
    return touches.map(() => undefined);
  });

  return {
    /**
     * Creates an account; the first account of an empty instance becomes its administrator.
     * `admission` decides, inside the same transaction, whether a non-first account may be
     * created (sign-ups open, or a valid invite whose use is counted here).
     */
    async create(input, admission) {
      try {
        return await db.$transaction(async (tx) => {
          const isAdmin = (await tx.user.count()) === 0;
          if (!isAdmin && admission.mode === "closed") return "closed" as const;
          if (admission.mode !== "closed" && admission.inviteHash) {
            const invite = await tx.invite.findUnique({ where: { tokenHash: admission.inviteHash } });
            const usable = invite && !invite.revokedAt && invite.expiresAt > admission.now && invite.uses < invite.maxUses;
            // Counted only if nobody used it meanwhile (compare and set).
            const counted =
              usable &&
              (await tx.invite.updateMany({ where: { id: invite.id, uses: invite.uses }, data: { uses: { increment: 1 } } }))
                .count > 0;
            // With open sign-ups an invitation is a courtesy: a spent one does not stop anyone.
            if (!counted && !isAdmin && admission.mode === "invite") return "invite_invalid" as const;
          } else if (!isAdmin && admission.mode === "invite") {
            return "invite_invalid" as const;
          }
          return tx.user.create({ data: { id: randomUUID(), ...input, isAdmin } });
        });
      } catch (error) {
        if (isUniqueViolation(error)) throw new UsernameTakenError();
        throw error;
      }
    },
    /** A usable account by name: deleted accounts only keep their name reserved. */
    findByUsername(username: string) {
      return db.user.findFirst({ where: { username, deletedAt: null } });
    },
    findById(id: string) {
      return db.user.findUnique({ where: { id } });
    },
    /** Names of these accounts (missing ids are deleted accounts). */
    // Raw, past Prisma's engine on SQLite: every connect's inbox snapshot and every page of
    // messages names their peers.
    summaries(ids: string[]) {
      if (ids.length === 0) return Promise.resolve([]);
      return readRows<{ id: string; username: string; displayName: string }>(
        db,
        Prisma.sql`SELECT "id", "username", "displayName" FROM "User" WHERE "id" IN (${Prisma.join(ids)})`,
      );
    },
    setDisplayName(id: string, displayName: string) {
      return db.user.update({ where: { id }, data: { displayName }, select: { id: true, username: true, displayName: true } });
    },

    createSession(input: { userId: string; expiresAt: Date; userAgent?: string; ipAddress?: string }) {
      return db.session.create({ data: { id: randomUUID(), ...input } });
    },
    /**
     * A session with its account, if it exists, has not expired, and the account may sign in.
     * One join rather than Prisma's two statements for an include, and one statement for the
     * sessions every handshake and page of a turn ask for (a reconnect storm asks thousands).
     */
    async findLiveSession(id: string, now: Date) {
      const row = await liveSessionRow(id);
      if (!row || rawDate(row.expiresAt) <= now || row.suspendedAt !== null || row.deletedAt !== null) return null;
      return {
        lastActiveAt: rawDate(row.lastActiveAt),
        user: { id: row.id, username: row.username, displayName: row.displayName },
      };
    },
    /**
     * Where the live sessions of the account with this name were started from: the addresses
     * its owner is known at. One query, the same for a name that does not exist (no rows).
     */
    async signInAddresses(username: string, now: Date): Promise<(string | null)[]> {
      const rows = await db.session.findMany({
        where: { user: { username, deletedAt: null }, expiresAt: { gt: now } },
        select: { ipAddress: true },
      });
      return rows.map((row) => row.ipAddress);
    },
    listSessions(userId: string) {
      return db.session.findMany({ where: { userId }, orderBy: { lastActiveAt: "desc" } });
    },
    /** Ends an account's sessions (all, or all but one); returns the ids ended. */
    async deleteSessions(userId: string, except?: string): Promise<string[]> {
      const where = { userId, ...(except ? { id: { not: except } } : {}) };
      const ids = (await db.session.findMany({ where, select: { id: true } })).map((row) => row.id);
      await db.session.deleteMany({ where: { id: { in: ids } } });
      return ids;
    },
    async tokenIds(userId: string): Promise<string[]> {
      return (await db.accessToken.findMany({ where: { userId }, select: { id: true } })).map((row) => row.id);
    },
    async setPasswordHash(userId: string, passwordHash: string): Promise<void> {
      await db.user.update({ where: { id: userId }, data: { passwordHash } });
    },
    async setSuspended(userId: string, suspendedAt: Date | null): Promise<void> {
      await db.user.update({ where: { id: userId }, data: { suspendedAt } });
    },
    /** Accounts for the admin list (deleted ones too: their names stay taken). */
    async search(query: string, limit: number) {
      // The matching ids by raw SQL (Prisma's contains cannot escape `%` and `_`), then the rows.
      const ids = query
        ? (
            await db.$queryRaw<{ id: string }[]>`
              SELECT "id" FROM "User" WHERE "username" LIKE ${likeContaining(query.toLowerCase())} ESCAPE '\\'
              ORDER BY "username" ASC LIMIT ${limit}`
          ).map((row) => row.id)
        : undefined;
      return db.user.findMany({
        where: ids ? { id: { in: ids } } : {},
        select: { id: true, username: true, displayName: true, createdAt: true, isAdmin: true, suspendedAt: true, deletedAt: true },
        orderBy: { username: "asc" },
        take: limit,
      });
    },
    countActive(): Promise<number> {
      return db.user.count({ where: { deletedAt: null } });
    },
    /** Every account row, deleted ones too (the first account ever becomes the admin). */
    countAll(): Promise<number> {
      return db.user.count();
    },

    /**
     * Deletes an account: everything of it goes, but the row stays as a tombstone that keeps
     * the username (nobody can take it over) and the messages it sent in other inboxes.
     * Returns the accounts whose buddy lists showed it.
     */
    async tombstone(userId: string, now: Date): Promise<string[]> {
      const related = await db.subscription.findMany({
        where: { OR: [{ watcherId: userId }, { presentityId: userId }] },
        select: { watcherId: true, presentityId: true },
      });
      const others = new Set(related.flatMap((row) => [row.watcherId, row.presentityId]).filter((id) => id !== userId));
      await db.$transaction([
        db.session.deleteMany({ where: { userId } }),
        db.accessToken.deleteMany({ where: { userId } }),
        db.presentity.deleteMany({ where: { userId } }),
        db.userTuple.deleteMany({ where: { userId } }),
        db.subscription.deleteMany({ where: { OR: [{ watcherId: userId }, { presentityId: userId }] } }),
        db.contactGroup.deleteMany({ where: { ownerId: userId } }),
        db.contactGroupMember.deleteMany({ where: { contactId: userId } }),
        db.accessRule.deleteMany({ where: { OR: [{ ownerId: userId }, { subjectType: "user", subjectId: userId }] } }),
        db.visibilityRule.deleteMany({ where: { OR: [{ watcherId: userId }, { presentityId: userId }] } }),
        db.watchRecord.deleteMany({ where: { OR: [{ presentityId: userId }, { watcherId: userId }] } }),
        db.watchDaily.deleteMany({ where: { presentityId: userId } }),
        db.instantInbox.deleteMany({ where: { userId } }),
        db.conversation.deleteMany({ where: { ownerId: userId } }),
        db.pushSubscription.deleteMany({ where: { userId } }),
        db.pushPreference.deleteMany({ where: { userId } }),
        db.quietHours.deleteMany({ where: { userId } }),
        db.xmppCursor.deleteMany({ where: { userId } }),
        // My side of every message goes; the other side keeps its copy.
        db.message.updateMany({ where: { recipientId: userId }, data: { deletedByRecipient: true } }),
        db.message.updateMany({ where: { senderId: userId }, data: { deletedBySender: true } }),
        db.user.update({
          where: { id: userId },
          data: { deletedAt: now, displayName: DELETED_DISPLAY_NAME, passwordHash: "", isAdmin: false },
        }),
      ]);
      return [...others];
    },
    async touchSession(id: string, now: Date, expiresAt: Date): Promise<void> {
      await touchSessions({ id, now, expiresAt });
    },
    async deleteSession(id: string): Promise<void> {
      await db.session.deleteMany({ where: { id } });
    },
  };
}
