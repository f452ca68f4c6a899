// Storage of each account's quiet hours (lib/protocol/quiet-hours.ts). Two implementations:
// Prisma (prisma-quiet-hours-store.ts) and in memory (memory-quiet-hours-store.ts).
import { type QuietHours, quietHoursSchema } from "@/lib/protocol/quiet-hours";

export interface QuietHoursStore {
  /** The account's schedule, or null when it set none. */
  get(userId: string): Promise<QuietHours | null>;
  /** The schedules of these accounts; an account without one is absent. */
  load(userIds: string[]): Promise<Map<string, QuietHours>>;
  /** Replaces the account's schedule; null removes it. */
  save(userId: string, quietHours: QuietHours | null): Promise<void>;
}

/**
 * A stored row as a schedule. A row that no longer reads as one (a zone this runtime does not
 * know) counts as none rather than failing every load of the presentity.
 */
export function parseStoredQuietHours(zone: string, ranges: string): QuietHours | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(ranges);
  } catch {
    return null;
  }
  const result = quietHoursSchema.safeParse({ zone, ranges: parsed });
  return result.success ? result.data : null;
}
