// The XMPP cursor store on Prisma (the contract: cursor-store.ts).
import type { Db } from "../client";
import { readRows } from "../direct-reads";
import { Prisma } from "../generated/sqlite/client";
import type { XmppCursorStore } from "./cursor-store";

export function createPrismaXmppCursorStore(db: Db): XmppCursorStore {
  return {
    async get(userId, resource) {
      // Read at every XMPP sign-in: past Prisma's engine on SQLite (direct-reads.ts).
      const [row] = await readRows<{ seq: number | bigint }>(
        db,
        Prisma.sql`SELECT "seq" FROM "XmppCursor" WHERE "userId" = ${userId} AND "resource" = ${resource}`,
      );
      return row ? Number(row.seq) : null;
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
