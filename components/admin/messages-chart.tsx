// Messages per day as bars, drawn as inline SVG from barChart's geometry (no chart library),
// like the privacy page's watching chart: screen readers get a title, a one-sentence summary
// and a table of the days with messages; every bar has a tooltip.
import { useId } from "react";
import { useHydrated } from "@/hooks/use-hydrated";
import { barChart, countSummary, dayCountLabel, type DayCount } from "@/lib/client/bar-chart";
import { dayLabel } from "@/lib/client/watch-chart";

const WIDTH = 600;
const HEIGHT = 120;

export function MessagesChart({ days }: { days: DayCount[] }) {
  const id = useId();
  // Day names follow the reader's locale, which the server does not know: a fixed one until then.
  const locale = useHydrated() ? undefined : "en-US";
  const chart = barChart(days, { width: WIDTH, height: HEIGHT, gap: 3 });
  const busyDays = days.filter((day) => day.count > 0);
  const first = days[0];
  const last = days.at(-1);

  return (
    <figure className="grid gap-2" data-testid="messages-chart">
      <figcaption className="text-sm font-medium">Messages per day</figcaption>
      <div className="grid grid-cols-[auto_minmax(0,1fr)] gap-x-2">
        <div aria-hidden className="relative w-8 text-right text-[0.6875rem] text-zinc-500 tabular-nums dark:text-zinc-400">
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
          <title id={`${id}-title`}>{`Messages per day, last ${days.length} days`}</title>
          <desc id={`${id}-desc`}>{countSummary(days, locale)}</desc>
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
          {chart.bars.map((bar) => (
            <g key={bar.day}>
              <title>{dayCountLabel(bar, locale)}</title>
              {/* An invisible full-height target, so every day has a tooltip, even an empty one. */}
              <rect x={bar.x} y={0} width={bar.width} height={HEIGHT} className="fill-transparent" />
              <rect x={bar.x} y={bar.y} width={bar.width} height={bar.height} className="fill-brand dark:fill-indigo-400" />
            </g>
          ))}
        </svg>
        <div aria-hidden className="col-start-2 mt-1 flex justify-between text-[0.6875rem] text-zinc-500 dark:text-zinc-400">
          <span>{first ? dayLabel(first.day, locale) : null}</span>
          <span>{last ? dayLabel(last.day, locale) : null}</span>
        </div>
      </div>
      {/* The wrapper hides it: a table ignores the 1px width of sr-only and would widen the page. */}
      <div className="sr-only">
        <table>
          <caption>Messages per day (days without any are left out)</caption>
          <thead>
            <tr>
              <th scope="col">Day</th>
              <th scope="col">Messages</th>
            </tr>
          </thead>
          <tbody>
            {busyDays.map((day) => (
              <tr key={day.day}>
                <th scope="row">{dayLabel(day.day, locale)}</th>
                <td>{day.count}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}
