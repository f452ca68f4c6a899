// The quiet hours store on Prisma (SQLite or PostgreSQL): table QuietHours, ranges as JSON text.
import type { QuietHours } from "@/lib/protocol/quiet-hours";
import type { Db } from "../client";
import { readRows } from "../direct-reads";
import { Prisma } from "../generated/sqlite/client";
import { parseStoredQuietHours, type QuietHoursStore } from "./quiet-hours-store";

export function createPrismaQuietHoursStore(db: Db): QuietHoursStore {
  return {
    async get(userId) {
      const row = await db.quietHours.findUnique({ where: { userId } });
      return row ? parseStoredQuietHours(row.zone, row.ranges) : null;
    },

    async load(userIds) {
      const found = new Map<string, QuietHours>();
      if (userIds.length === 0) return found;
      const rows = await readRows<{ userId: string; zone: string; ranges: string }>(
        db,
        Prisma.sql`SELECT "userId", "zone", "ranges" FROM "QuietHours" WHERE "userId" IN (${Prisma.join(userIds)})`,
      );
      for (const row of rows) {
        const schedule = parseStoredQuietHours(row.zone, row.ranges);
        if (schedule) found.set(row.userId, schedule);
      }
      return found;
    },

    async save(userId, quietHours) {
      if (quietHours === null) {
        await db.quietHours.deleteMany({ where: { userId } });
        return;
      }
      const data = { zone: quietHours.zone, ranges: JSON.stringify(quietHours.ranges) };
      await db.quietHours.upsert({ where: { userId }, create: { userId, ...data }, update: data });
    },
  };
}
