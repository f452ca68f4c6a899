// The quiet hours store in memory, over the shared tables (memory-tables.ts).
import type { QuietHours } from "@/lib/protocol/quiet-hours";
import { deleteWhere, type MemoryTables } from "../memory-tables";
import { parseStoredQuietHours, type QuietHoursStore } from "./quiet-hours-store";

export function createMemoryQuietHoursStore(tables: MemoryTables): QuietHoursStore {
  // Kept as the database keeps it (ranges as JSON text), so a read is a copy.
  const read = (userId: string) => {
    const row = tables.quietHours.find((candidate) => candidate.userId === userId);
    return row ? parseStoredQuietHours(row.zone, row.ranges) : null;
  };
  return {
    async get(userId) {
      return read(userId);
    },

    async load(userIds) {
      const found = new Map<string, QuietHours>();
      for (const userId of new Set(userIds)) {
        const schedule = read(userId);
        if (schedule) found.set(userId, schedule);
      }
      return found;
    },

    async save(userId, quietHours) {
      deleteWhere(tables.quietHours, (row) => row.userId === userId);
      if (quietHours !== null) {
        tables.quietHours.push({ userId, zone: quietHours.zone, ranges: JSON.stringify(quietHours.ranges), updatedAt: tables.now() });
      }
    },
  };
}
