// Quiet hours: a weekly schedule, in the person's own time zone, during which they show `busy`
// (to whom their rules let see availability) and get no Web Push. The socket commands
// `presence:get-quiet-hours` and `presence:set-quiet-hours` carry it.
import { z } from "zod";

/** Days as Date#getDay() counts them: 0 is Sunday. */
export const WEEKDAYS = [0, 1, 2, 3, 4, 5, 6] as const;

/** Most ranges one schedule holds (a range per day and some to spare). */
export const MAX_QUIET_RANGES = 14;

const clockTime = z.string().regex(/^([01][0-9]|2[0-3]):[0-5][0-9]$/, "Must be a time of day, HH:MM (24-hour clock).");

/** Whether the runtime knows this IANA time zone. */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/**
 * One range: from `start` on each of `days` until `end`. An `end` not after `start` is on the
 * next day (22:00–07:00 crosses midnight); `start` equal to `end` is a whole day.
 */
export const quietRangeSchema = z
  .object({
    days: z
      .array(z.int().min(0).max(6))
      .min(1)
      .max(7)
      .refine((days) => new Set(days).size === days.length, "Each day once.")
      .meta({ description: "Days the range starts on, 0 (Sunday) to 6 (Saturday)." }),
    start: clockTime.meta({ description: "Local time it starts, HH:MM." }),
    end: clockTime.meta({ description: "Local time it ends, HH:MM; at or before start: the next day." }),
  })
  .strict();
export type QuietRange = z.infer<typeof quietRangeSchema>;

export const quietHoursSchema = z
  .object({
    zone: z
      .string()
      .min(1)
      .max(64)
      .refine(isTimeZone, "Not a time zone this server knows.")
      .meta({ description: "IANA time zone the times are in, e.g. Europe/Berlin." }),
    ranges: z.array(quietRangeSchema).max(MAX_QUIET_RANGES),
  })
  .strict();
export type QuietHours = z.infer<typeof quietHoursSchema>;

/** Socket command `presence:set-quiet-hours`: the schedule, or null to turn quiet hours off. */
export const setQuietHoursSchema = z.object({ quietHours: quietHoursSchema.nullable() }).strict();

/** What `presence:get-quiet-hours` and `presence:set-quiet-hours` answer. */
export type QuietHoursSettings = {
  quietHours: QuietHours | null;
  /** Quiet hours are in force now. */
  quiet: boolean;
  /** When they next begin or end (ISO 8601), or null if never within a week. */
  nextChangeAt: string | null;
};
