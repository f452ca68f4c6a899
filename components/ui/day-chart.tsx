// The frame of a per-day bar chart, drawn as inline SVG (no chart library): the scale,
// gridlines, baseline, first and last day, and for screen readers a title, a one-sentence
// summary and a table of the busy days. Callers draw the bars of each day.
import { useId } from "react";

export const CHART_WIDTH = 600;
export const CHART_HEIGHT = 120;

type Props = {
  caption: string;
  /** The SVG's title, e.g. "Messages per day, last 30 days". */
  title: string;
  summary: string;
  /** Gridline values (besides 0) and the top of the scale. */
  ticks: number[];
  max: number;
  firstDay: string | null;
  lastDay: string | null;
  /** One <g> per day: the bars, each with a <title> tooltip. */
  bars: React.ReactNode;
  /** The accessible table: its caption, column headings, and one row per busy day. */
  table: { caption: string; columns: string[]; rows: { day: string; cells: (string | number)[] }[] };
  testId?: string;
  children?: React.ReactNode;
};

export function DayChart({ caption, title, summary, ticks, max, firstDay, lastDay, bars, table, testId, children }: Props) {
  const id = useId();
  return (
    <figure className="grid gap-2" data-testid={testId}>
      <figcaption className="text-sm font-medium">{caption}</figcaption>
      <div className="grid grid-cols-[auto_minmax(0,1fr)] gap-x-2">
        {/* The scale, beside its gridlines. */}
        <div aria-hidden className="relative w-8 text-right text-[0.6875rem] text-zinc-500 tabular-nums dark:text-zinc-400">
          {ticks.map((tick) => (
            <span key={tick} className="absolute right-0 -translate-y-1/2" style={{ top: `${100 - (tick / max) * 100}%` }}>
              {tick}
            </span>
          ))}
          <span className="absolute right-0 bottom-0 translate-y-1/2">0</span>
        </div>
        <svg
          viewBox={`0 0 ${CHART_WIDTH} ${CHART_HEIGHT}`}
          preserveAspectRatio="none"
          role="img"
          aria-labelledby={`${id}-title ${id}-desc`}
          className="h-32 w-full overflow-visible"
        >
          <title id={`${id}-title`}>{title}</title>
          <desc id={`${id}-desc`}>{summary}</desc>
          {ticks.map((tick) => {
            const y = CHART_HEIGHT - (tick / max) * CHART_HEIGHT;
            return (
              <line
                key={tick}
                x1={0}
                x2={CHART_WIDTH}
                y1={y}
                y2={y}
                strokeDasharray="4 4"
                vectorEffect="non-scaling-stroke"
                className="stroke-zinc-200 dark:stroke-zinc-700"
              />
            );
          })}
          <line
            x1={0}
            x2={CHART_WIDTH}
            y1={CHART_HEIGHT}
            y2={CHART_HEIGHT}
            vectorEffect="non-scaling-stroke"
            className="stroke-zinc-400 dark:stroke-zinc-500"
          />
          {bars}
        </svg>
        <div aria-hidden className="col-start-2 mt-1 flex justify-between text-[0.6875rem] text-zinc-500 dark:text-zinc-400">
          <span>{firstDay}</span>
          <span>{lastDay}</span>
        </div>
      </div>
      {children}
      {/* The wrapper hides it: a table ignores the 1px width of sr-only and would widen the page. */}
      <div className="sr-only">
        <table>
          <caption>{table.caption}</caption>
          <thead>
            <tr>
              <th scope="col">Day</th>
              {table.columns.map((column) => (
                <th key={column} scope="col">
                  {column}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {table.rows.map((row) => (
              <tr key={row.day}>
                <th scope="row">{row.day}</th>
                {row.cells.map((cell, index) => (
                  <td key={table.columns[index]}>{cell}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}
