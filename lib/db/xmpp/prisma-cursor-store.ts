// The XMPP cursor store on Prisma (the contract: cursor-store.ts).
import type { Db } from "../client";
import type { XmppCursorStore } from "./cursor-store";

export function createPrismaXmppCursorStore(db: Db): XmppCursorStore {
  return {
    async get(userId, resource) {
      const row = await db.xmppCursor.findUnique({ where: { userId_resource: { userId, resource } }, select: { seq: true } });
      return row?.seq ?? null;
    },
    async advance(userId, resource, seq) {
      // Insert, or move forward only: two sessions of one resource never move it back.
      await db.xmppCursor.upsert({
        where: { userId_resource: { userId, resource } },
        create: { userId, resource, seq },
        update: {},
      });
      await db.xmppCursor.updateMany({ where: { userId, resource, seq: { lt: seq } }, data: { seq } });
    },
  };
}
