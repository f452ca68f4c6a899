// The export store on SQLite or PostgreSQL through Prisma (the contract: export-store.ts).
import type { Db } from "../client";
import type { ExportStore } from "./export-store";

export function createPrismaExportStore(db: Db): ExportStore {
  return {
    async collect(userId: string) {
      const [
        user,
        presentity,
        tuples,
        groups,
        watching,
        watchers,
        rules,
        visibility,
        tokens,
        inbox,
        conversations,
        messages,
        pushDevices,
        pushPreference,
        quietHours,
      ] = await Promise.all([
          db.user.findUniqueOrThrow({ where: { id: userId }, select: { username: true, displayName: true, createdAt: true } }),
          db.presentity.findUnique({ where: { userId } }),
          db.userTuple.findMany({ where: { userId }, orderBy: { position: "asc" } }),
          db.contactGroup.findMany({ where: { ownerId: userId }, orderBy: { position: "asc" }, include: { members: true } }),
          db.subscription.findMany({ where: { watcherId: userId }, include: { presentity: { select: { username: true, displayName: true } } } }),
          // Watchers by id only: how each may be named is watcher information's to decide.
          db.subscription.findMany({ where: { presentityId: userId }, select: { watcherId: true, state: true, createdAt: true } }),
          db.accessRule.findMany({ where: { ownerId: userId }, orderBy: { position: "asc" } }),
          db.visibilityRule.findMany({ where: { watcherId: userId } }),
          db.accessToken.findMany({ where: { userId }, orderBy: { createdAt: "asc" } }),
          db.instantInbox.findUnique({ where: { userId } }),
          db.conversation.findMany({ where: { ownerId: userId }, include: { peer: { select: { username: true } } } }),
          db.message.findMany({
            where: {
              OR: [
                { senderId: userId, deletedBySender: false },
                { recipientId: userId, deletedByRecipient: false },
              ],
            },
            orderBy: { seq: "asc" },
            include: { sender: { select: { username: true } }, recipient: { select: { username: true } } },
          }),
          // The endpoint and keys stay out: they are the device's, and would let anyone push to it.
          db.pushSubscription.findMany({
            where: { userId },
            orderBy: [{ createdAt: "asc" }, { id: "asc" }],
            select: { userAgent: true, createdAt: true },
          }),
          db.pushPreference.findUnique({ where: { userId }, select: { showText: true } }),
          db.quietHours.findUnique({ where: { userId }, select: { zone: true, ranges: true } }),
        ]);
      // Names for ids that rules and groups refer to.
      const ids = new Set([
        ...groups.flatMap((group) => group.members.map((member) => member.contactId)),
        ...rules.filter((rule) => rule.subjectType === "user" && rule.subjectId).map((rule) => rule.subjectId!),
        ...visibility.filter((rule) => rule.presentityId !== "*").map((rule) => rule.presentityId),
      ]);
      const names = new Map(
        (await db.user.findMany({ where: { id: { in: [...ids] } }, select: { id: true, username: true } })).map((row) => [row.id, row.username]),
      );
      return {
        user,
        presentity,
        tuples,
        groups,
        watching,
        watchers,
        rules,
        visibility,
        tokens,
        inbox,
        conversations,
        messages,
        pushDevices,
        pushPreference,
        quietHours,
        names,
      };
    },
  };
}
