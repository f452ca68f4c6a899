// Watching per day as stacked bars, drawn as inline SVG from watchChart's geometry. Screen
// readers get the chart's title and a one-sentence summary, plus a table of the days with
// watching; sighted people get a legend in words beside the colours.
import { useId } from "react";
import { chartSummary, countsSentence, dayLabel, type DayCounts, dayTotal, watchChart } from "@/lib/client/watch-chart";
import { KIND_LEGEND, WATCH_KINDS, type WatchKind } from "@/lib/client/watcher-display";
import { cn } from "@/lib/utils";

const WIDTH = 600;
const HEIGHT = 120;

const KIND_COLORS: Record<WatchKind, { fill: string; swatch: string }> = {
  subscribe: { fill: "fill-brand dark:fill-indigo-400", swatch: "bg-brand dark:bg-indigo-400" },
  poll: { fill: "fill-sky-500 dark:fill-sky-300", swatch: "bg-sky-500 dark:bg-sky-300" },
  fetch: { fill: "fill-amber-400 dark:fill-amber-200", swatch: "bg-amber-400 dark:bg-amber-200" },
};

export function WatchChart({ daily }: { daily: DayCounts[] }) {
  const id = useId();
  const chart = watchChart(daily, { width: WIDTH, height: HEIGHT, gap: daily.length > 60 ? 1 : 3 });
  const busyDays = daily.filter((day) => dayTotal(day) > 0);
  const first = daily[0];
  const last = daily.at(-1);

  return (
    <figure className="grid gap-2" data-testid="watch-chart">
      <figcaption className="text-sm font-medium">Watching per day</figcaption>
      <div className="grid grid-cols-[auto_minmax(0,1fr)] gap-x-2">
        {/* The scale: the top value and, when whole, the middle one, beside their gridlines. */}
        <div aria-hidden className="relative w-6 text-right text-[0.6875rem] text-zinc-500 tabular-nums dark:text-zinc-400">
          {chart.ticks.map((tick) => (
            <span key={tick} className="absolute right-0 -translate-y-1/2" style={{ top: `${100 - (tick / chart.max) * 100}%` }}>
              {tick}
            </span>
          ))}
          <span className="absolute right-0 bottom-0 translate-y-1/2">0</span>
        </div>
        <svg
          viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
          preserveAspectRatio="none"
          role="img"
          aria-labelledby={`${id}-title ${id}-desc`}
          className="h-32 w-full overflow-visible"
        >
          <title id={`${id}-title`}>{`Watching per day, last ${daily.length} days`}</title>
          <desc id={`${id}-desc`}>{chartSummary(daily)}</desc>
          {chart.ticks.map((tick) => {
            const y = HEIGHT - (tick / chart.max) * HEIGHT;
            return (
              <line
                key={tick}
                x1={0}
                x2={WIDTH}
                y1={y}
                y2={y}
                strokeDasharray="4 4"
                vectorEffect="non-scaling-stroke"
                className="stroke-zinc-200 dark:stroke-zinc-700"
              />
            );
          })}
          <line x1={0} x2={WIDTH} y1={HEIGHT} y2={HEIGHT} vectorEffect="non-scaling-stroke" className="stroke-zinc-400 dark:stroke-zinc-500" />
          {chart.bars.map((bar, index) => (
            <g key={bar.day}>
              {daily[index] ? <title>{`${dayLabel(bar.day)}: ${countsSentence(daily[index])}`}</title> : null}
              {/* An invisible full-height target, so every day has a tooltip, even an empty one. */}
              <rect x={bar.x} y={0} width={bar.width} height={HEIGHT} className="fill-transparent" />
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
          ))}
        </svg>
        <div aria-hidden className="col-start-2 mt-1 flex justify-between text-[0.6875rem] text-zinc-500 dark:text-zinc-400">
          <span>{first ? dayLabel(first.day) : null}</span>
          <span>{last ? dayLabel(last.day) : null}</span>
        </div>
      </div>
      <ul aria-hidden className="flex flex-wrap gap-x-4 gap-y-1 text-xs text-zinc-600 dark:text-zinc-300">
        {[...WATCH_KINDS].reverse().map((kind) => (
          <li key={kind} className="inline-flex items-center gap-1.5">
            <span className={cn("size-2.5 rounded-sm", KIND_COLORS[kind].swatch)} />
            {KIND_LEGEND[kind]}
          </li>
        ))}
      </ul>
      {/* The wrapper hides it: a table ignores the 1px width of sr-only and would widen the page. */}
      <div className="sr-only">
        <table>
          <caption>Watching per day (days without any are left out)</caption>
          <thead>
            <tr>
              <th scope="col">Day</th>
              {WATCH_KINDS.map((kind) => (
                <th key={kind} scope="col">
                  {KIND_LEGEND[kind]}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {busyDays.map((day) => (
              <tr key={day.day}>
                <th scope="row">{dayLabel(day.day)}</th>
                {WATCH_KINDS.map((kind) => (
                  <td key={kind}>{day[kind]}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}
