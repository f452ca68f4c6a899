// The quiet hours store on Prisma (SQLite or PostgreSQL): table QuietHours, ranges as JSON text.
import type { QuietHours } from "@/lib/protocol/quiet-hours";
import type { Db } from "../client";
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
      for (const row of await db.quietHours.findMany({ where: { userId: { in: userIds } } })) {
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
