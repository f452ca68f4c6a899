// The "watching per day" chart as geometry: one stacked bar per day (follow requests at the
// bottom, then automatic checks, then look-ups), scaled to a round maximum. Pure, so the
// component only draws what this computes.
import type { WatcherInformation } from "@/lib/protocol";
import { countOf, WATCH_KINDS, type WatchKind } from "./watcher-display";

export type DayCounts = WatcherInformation["daily"][number];

export type ChartSegment = { kind: WatchKind; count: number; y: number; height: number };
export type ChartBar = { day: string; total: number; x: number; width: number; segments: ChartSegment[] };
export type Chart = {
  /** The value at the top of the chart: a round number at least the largest day's total. */
  max: number;
  /** Values to draw a gridline at (the top, and the middle when it is a whole number). */
  ticks: number[];
  bars: ChartBar[];
};

/** The smallest 1, 2 or 5 × 10ⁿ at least `value` (and at least 1, so an empty chart has a scale). */
export function niceCeiling(value: number): number {
  if (value <= 1) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 5, 10]) {
    if (step * magnitude >= value) return step * magnitude;
  }
  return 10 * magnitude;
}

export const dayTotal = (day: DayCounts) => day.fetch + day.poll + day.subscribe;

export function watchChart(daily: readonly DayCounts[], size: { width: number; height: number; gap?: number }): Chart {
  const max = niceCeiling(Math.max(0, ...daily.map(dayTotal)));
  const slot = daily.length > 0 ? size.width / daily.length : 0;
  const gap = Math.min(size.gap ?? 2, slot / 2);
  const scale = size.height / max;
  const bars = daily.map((day, index): ChartBar => {
    let top = size.height;
    const segments = WATCH_KINDS.flatMap((kind): ChartSegment[] => {
      const count = day[kind];
      if (count === 0) return [];
      const height = count * scale;
      top -= height;
      return [{ kind, count, y: top, height }];
    });
    return { day: day.day, total: dayTotal(day), x: index * slot + gap / 2, width: slot - gap, segments };
  });
  return { max, ticks: max % 2 === 0 ? [max / 2, max] : [max], bars };
}

/** A day (YYYY-MM-DD, UTC) as people read it: "24 Nov" or "Nov 24" by locale. */
export function dayLabel(day: string, locale?: string): string {
  return new Date(`${day}T00:00:00Z`).toLocaleDateString(locale, { month: "short", day: "numeric", timeZone: "UTC" });
}

/** "3 look-ups, 1 follow request" for one day or a whole window; "no watching" when empty. */
export function countsSentence(counts: Pick<DayCounts, WatchKind>): string {
  const parts = [...WATCH_KINDS].reverse().flatMap((kind) => (counts[kind] > 0 ? [countOf(counts[kind], kind)] : []));
  return parts.length > 0 ? parts.join(", ") : "no watching";
}

/** The whole window in one sentence, for the chart's description. */
export function chartSummary(daily: readonly DayCounts[]): string {
  const sum = (kind: WatchKind) => daily.reduce((total, day) => total + day[kind], 0);
  const totals = { fetch: sum("fetch"), poll: sum("poll"), subscribe: sum("subscribe") };
  return `In the last ${daily.length} ${daily.length === 1 ? "day" : "days"}: ${countsSentence(totals)}.`;
}
