// When quiet hours are in force (pure; time comes in as an argument). A schedule is wall-clock
// time in the person's zone, converted with Intl.DateTimeFormat, so "22:00" stays 22:00 local
// across daylight saving changes. In a spring-forward gap a boundary takes effect as soon as
// the local clock has passed it; in a fall-back hour the repeated wall times count twice.
import type { QuietHours, QuietRange } from "@/lib/protocol/quiet-hours";

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const WEEK_MINUTES = 7 * 24 * 60;
/** How far nextTransition looks: any non-trivial weekly schedule changes within this. */
const HORIZON_DAYS = 8;

const WEEKDAY_INDEX: Record<string, number> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(zone: string): Intl.DateTimeFormat {
  let format = formatters.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-US", {
      timeZone: zone,
      hourCycle: "h23",
      weekday: "short",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    formatters.set(zone, format);
  }
  return format;
}

type WallTime = { weekday: number; minuteOfDay: number; /** The local time read as if it were UTC, ms. */ asUtc: number };

function wallTime(zone: string, instant: number): WallTime {
  const parts: Record<string, string> = {};
  for (const part of formatter(zone).formatToParts(new Date(instant))) parts[part.type] = part.value;
  const hour = Number(parts.hour);
  const minute = Number(parts.minute);
  return {
    weekday: WEEKDAY_INDEX[parts.weekday!] ?? 0,
    minuteOfDay: hour * 60 + minute,
    asUtc: Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), hour, minute, Number(parts.second)),
  };
}

const minutes = (clock: string) => Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3, 5));

/** The range's spans in minutes of the week (0 = Sunday 00:00), a span crossing Saturday night split in two. */
function spans(range: QuietRange): [number, number][] {
  const start = minutes(range.start);
  const end = minutes(range.end);
  const length = end > start ? end - start : end + 24 * 60 - start;
  const out: [number, number][] = [];
  for (const day of range.days) {
    const from = day * 24 * 60 + start;
    const to = from + length;
    if (to <= WEEK_MINUTES) out.push([from, to]);
    else out.push([from, WEEK_MINUTES], [0, to - WEEK_MINUTES]);
  }
  return out;
}

/** Whether quiet hours are in force at this instant (ms since epoch). */
export function isQuiet(schedule: QuietHours | null, instant: number): boolean {
  if (!schedule || schedule.ranges.length === 0) return false;
  const local = wallTime(schedule.zone, instant);
  const minuteOfWeek = local.weekday * 24 * 60 + local.minuteOfDay;
  return schedule.ranges.some((range) => spans(range).some(([from, to]) => minuteOfWeek >= from && minuteOfWeek < to));
}

/**
 * The first instant after `instant` at which isQuiet changes (a whole minute), or null when it
 * never does (no ranges, or quiet all week).
 */
export function nextTransition(schedule: QuietHours | null, instant: number): number | null {
  if (!schedule || schedule.ranges.length === 0) return null;
  const now = isQuiet(schedule, instant);
  const local = wallTime(schedule.zone, instant);
  // The zone's offsets around now and at the horizon: a boundary's instant is its wall time less one of them.
  const offsets = new Set([local.asUtc - instant, wallTime(schedule.zone, instant + HORIZON_DAYS * DAY).asUtc - instant - HORIZON_DAYS * DAY]);
  const midnight = local.asUtc - (local.asUtc % DAY);
  const boundaries = new Set<number>();
  for (const range of schedule.ranges) for (const clock of [range.start, range.end]) boundaries.add(minutes(clock));
  const candidates: number[] = [];
  for (let day = -1; day <= HORIZON_DAYS; day++) {
    for (const minute of boundaries) {
      for (const offset of offsets) {
        const at = midnight + day * DAY + minute * MINUTE - offset;
        const whole = Math.floor(at / MINUTE) * MINUTE;
        if (whole > instant) candidates.push(whole);
      }
    }
  }
  candidates.sort((a, b) => a - b);
  let before = instant;
  for (const candidate of candidates) {
    if (isQuiet(schedule, candidate) === now) {
      before = candidate;
      continue;
    }
    // The change is in (before, candidate]: narrow it to the minute (a gap moves it earlier).
    let low = Math.floor(before / MINUTE);
    let high = candidate / MINUTE;
    while (high - low > 1) {
      const middle = Math.floor((low + high) / 2);
      if (isQuiet(schedule, middle * MINUTE) === now) low = middle;
      else high = middle;
    }
    return high * MINUTE;
  }
  return null;
}
