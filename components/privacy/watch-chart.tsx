// Watching per day as stacked bars, with a legend in words beside the colours.
import { CHART_HEIGHT, CHART_WIDTH, DayChart } from "@/components/ui/day-chart";
import { chartSummary, countsSentence, dayLabel, type DayCounts, dayTotal, watchChart } from "@/lib/client/privacy/watch-chart";
import { KIND_LEGEND, WATCH_KINDS, type WatchKind } from "@/lib/client/privacy/watcher-display";
import { cn } from "@/lib/utils";

const KIND_COLORS: Record<WatchKind, { fill: string; swatch: string }> = {
  subscribe: { fill: "fill-brand dark:fill-indigo-400", swatch: "bg-brand dark:bg-indigo-400" },
  poll: { fill: "fill-sky-500 dark:fill-sky-300", swatch: "bg-sky-500 dark:bg-sky-300" },
  fetch: { fill: "fill-amber-400 dark:fill-amber-200", swatch: "bg-amber-400 dark:bg-amber-200" },
};

export function WatchChart({ daily }: { daily: DayCounts[] }) {
  const chart = watchChart(daily, { width: CHART_WIDTH, height: CHART_HEIGHT, gap: daily.length > 60 ? 1 : 3 });
  const first = daily[0];
  const last = daily.at(-1);
  const bars = chart.bars.map((bar, index) => (
    <g key={bar.day}>
      {daily[index] ? <title>{`${dayLabel(bar.day)}: ${countsSentence(daily[index])}`}</title> : null}
      {/* An invisible full-height target, so every day has a tooltip, even an empty one. */}
      <rect x={bar.x} y={0} width={bar.width} height={CHART_HEIGHT} className="fill-transparent" />
      {bar.segments.map((segment) => (
        <rect
          key={segment.kind}
          x={bar.x}
          y={segment.y}
          width={bar.width}
          height={segment.height}
          className={cn(KIND_COLORS[segment.kind].fill, "stroke-white dark:stroke-zinc-900")}
          strokeWidth={1}
          vectorEffect="non-scaling-stroke"
        />
      ))}
    </g>
  ));
  return (
    <DayChart
      testId="watch-chart"
      caption="Watching per day"
      title={`Watching per day, last ${daily.length} days`}
      summary={chartSummary(daily)}
      ticks={chart.ticks}
      max={chart.max}
      firstDay={first ? dayLabel(first.day) : null}
      lastDay={last ? dayLabel(last.day) : null}
      bars={bars}
      table={{
        caption: "Watching per day (days without any are left out)",
        columns: WATCH_KINDS.map((kind) => KIND_LEGEND[kind]),
        rows: daily.filter((day) => dayTotal(day) > 0).map((day) => ({ day: dayLabel(day.day), cells: WATCH_KINDS.map((kind) => day[kind]) })),
      }}
    >
      <ul aria-hidden className="flex flex-wrap gap-x-4 gap-y-1 text-xs text-zinc-600 dark:text-zinc-300">
        {[...WATCH_KINDS].reverse().map((kind) => (
          <li key={kind} className="inline-flex items-center gap-1.5">
            <span className={cn("size-2.5 rounded-sm", KIND_COLORS[kind].swatch)} />
            {KIND_LEGEND[kind]}
          </li>
        ))}
      </ul>
    </DayChart>
  );
}
