// Messages per day as bars.
import { CHART_HEIGHT, CHART_WIDTH, DayChart } from "@/components/ui/day-chart";
import { barChart, countSummary, dayCountLabel, type DayCount } from "@/lib/client/admin/bar-chart";
import { dayLabel } from "@/lib/client/privacy/watch-chart";
import { useHydrated } from "@/lib/client/react/use-hydrated";

export function MessagesChart({ days }: { days: DayCount[] }) {
  // Day names follow the reader's locale, which the server does not know: a fixed one until then.
  const locale = useHydrated() ? undefined : "en-US";
  const chart = barChart(days, { width: CHART_WIDTH, height: CHART_HEIGHT, gap: 3 });
  const first = days[0];
  const last = days.at(-1);
  const bars = chart.bars.map((bar) => (
    <g key={bar.day}>
      <title>{dayCountLabel(bar, locale)}</title>
      {/* An invisible full-height target, so every day has a tooltip, even an empty one. */}
      <rect x={bar.x} y={0} width={bar.width} height={CHART_HEIGHT} className="fill-transparent" />
      <rect x={bar.x} y={bar.y} width={bar.width} height={bar.height} className="fill-brand dark:fill-indigo-400" />
    </g>
  ));
  return (
    <DayChart
      testId="messages-chart"
      caption="Messages per day"
      title={`Messages per day, last ${days.length} days`}
      summary={countSummary(days, locale)}
      ticks={chart.ticks}
      max={chart.max}
      firstDay={first ? dayLabel(first.day, locale) : null}
      lastDay={last ? dayLabel(last.day, locale) : null}
      bars={bars}
      table={{
        caption: "Messages per day (days without any are left out)",
        columns: ["Messages"],
        rows: days.filter((day) => day.count > 0).map((day) => ({ day: dayLabel(day.day, locale), cells: [day.count] })),
      }}
    />
  );
}
