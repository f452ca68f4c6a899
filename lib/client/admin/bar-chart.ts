// A one-series bar chart per day as geometry (messages per day in the admin area), scaled
// like the watching chart to a round maximum. Pure, so the component only draws.
import { dayLabel, niceCeiling } from "@/lib/client/privacy/watch-chart";

export type DayCount = { day: string; count: number };
export type Bar = DayCount & { x: number; y: number; width: number; height: number };
export type BarChart = {
  /** The value at the top of the chart: a round number at least the largest count. */
  max: number;
  /** Values to draw a gridline at (the top, and the middle when it is a whole number). */
  ticks: number[];
  bars: Bar[];
};

export function barChart(days: readonly DayCount[], size: { width: number; height: number; gap?: number }): BarChart {
  const max = niceCeiling(Math.max(0, ...days.map((day) => day.count)));
  const slot = days.length > 0 ? size.width / days.length : 0;
  const gap = Math.min(size.gap ?? 2, slot / 2);
  const bars = days.map((day, index): Bar => {
    const height = (day.count / max) * size.height;
    return { ...day, x: index * slot + gap / 2, width: slot - gap, y: size.height - height, height };
  });
  return { max, ticks: max % 2 === 0 ? [max / 2, max] : [max], bars };
}

const messages = (count: number) => `${count} ${count === 1 ? "message" : "messages"}`;

/** One day in words: "3 Nov: 12 messages". */
export const dayCountLabel = (day: DayCount, locale?: string) => `${dayLabel(day.day, locale)}: ${messages(day.count)}`;

/** The whole window in one sentence, for the chart's description. */
export function countSummary(days: readonly DayCount[], locale?: string): string {
  const total = days.reduce((sum, day) => sum + day.count, 0);
  const span = `In the last ${days.length} ${days.length === 1 ? "day" : "days"}`;
  if (total === 0) return `${span}: no messages.`;
  const busiest = days.reduce((best, day) => (day.count > best.count ? day : best));
  return `${span}: ${messages(total)}; the busiest day was ${dayLabel(busiest.day, locale)} with ${messages(busiest.count)}.`;
}
