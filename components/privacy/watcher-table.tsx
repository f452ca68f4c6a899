"use client";
// The watchers themselves: a table on wide screens, one card per watcher on narrower ones (only
// one of the two is displayed, so assistive technology meets each watcher once).
import { Avatar } from "@/components/presence/avatar";
import { formatTimeAgo } from "@/lib/client/format/relative-time";
import { kindCounts, ROLE_LABELS, SUBSCRIPTION_LABELS, times } from "@/lib/client/privacy/watcher-display";
import { useNow } from "@/lib/client/react/use-now";
import type { AccessRuleAction, WatcherRow } from "@/lib/protocol";
import { WatcherActions } from "./watcher-actions";

type Props = {
  rows: WatcherRow[];
  /** My rules about people by name: the action per username. */
  ruleFor: (username: string) => AccessRuleAction | undefined;
};

function Who({ row }: { row: WatcherRow }) {
  if (row.username === null) {
    return <span className="text-zinc-600 dark:text-zinc-400">Someone (name not shown)</span>;
  }
  return (
    <span className="flex items-center gap-2">
      <Avatar username={row.username} displayName={row.displayName ?? row.username} size="sm" />
      <span className="min-w-0 leading-tight">
        <span className="block truncate font-medium">{row.displayName ?? row.username}</span>
        <span className="text-xs text-zinc-500 dark:text-zinc-400">@{row.username}</span>
      </span>
    </span>
  );
}

function How({ row }: { row: WatcherRow }) {
  const role = ROLE_LABELS[row.role];
  return (
    <>
      <span className="font-medium">{role.name}</span> <span className="text-zinc-600 dark:text-zinc-400">— {role.hint}</span>
      <span className="block text-xs text-zinc-500 dark:text-zinc-400">{kindCounts(row)}</span>
    </>
  );
}

function When({ row, now }: { row: WatcherRow; now: number }) {
  return (
    <>
      <span className="block">
        last <time dateTime={row.lastAt} title={new Date(row.lastAt).toLocaleString()}>{formatTimeAgo(row.lastAt, now)}</time>
      </span>
      <span className="block text-xs text-zinc-500 dark:text-zinc-400">
        first <time dateTime={row.firstAt} title={new Date(row.firstAt).toLocaleString()}>{formatTimeAgo(row.firstAt, now)}</time>
      </span>
    </>
  );
}

const subscriptionOf = (row: WatcherRow) => SUBSCRIPTION_LABELS[row.subscription ?? "none"];

function Actions({ row, ruleFor }: { row: WatcherRow; ruleFor: Props["ruleFor"] }) {
  if (row.username === null) return null;
  return <WatcherActions username={row.username} displayName={row.displayName ?? row.username} current={ruleFor(row.username)} />;
}

const rowKey = (row: WatcherRow, index: number) => row.username ?? `withheld-${index}`;

export function WatcherTable({ rows, ruleFor }: Props) {
  const now = useNow();
  const head = "px-3 py-2 text-left text-xs font-medium text-zinc-500 dark:text-zinc-400";
  const cell = "px-3 py-2.5 align-top";
  return (
    <>
      <table className="hidden w-full text-sm lg:table" aria-label="People who watched me">
        <thead className="border-b border-zinc-200 dark:border-zinc-800">
          <tr>
            <th scope="col" className={head}>Who</th>
            <th scope="col" className={head}>How</th>
            <th scope="col" className={head}>When</th>
            <th scope="col" className={head}>How often</th>
            <th scope="col" className={head}>Following</th>
            <th scope="col" className={head}>
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800/70">
          {rows.map((row, index) => (
            <tr key={rowKey(row, index)} data-testid="watcher" data-username={row.username ?? ""}>
              <th scope="row" className={`${cell} text-left font-normal`}>
                <Who row={row} />
              </th>
              <td className={cell}>
                <How row={row} />
              </td>
              <td className={`${cell} whitespace-nowrap`}>
                <When row={row} now={now} />
              </td>
              <td className={cell}>{times(row.count)}</td>
              <td className={cell}>{subscriptionOf(row)}</td>
              <td className={cell}>
                <Actions row={row} ruleFor={ruleFor} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <ul className="grid gap-3 lg:hidden" aria-label="People who watched me">
        {rows.map((row, index) => (
          <li
            key={rowKey(row, index)}
            data-testid="watcher"
            data-username={row.username ?? ""}
            className="grid gap-2 rounded-lg border border-zinc-200 p-3 text-sm dark:border-zinc-800"
          >
            <Who row={row} />
            <p>
              <How row={row} />
            </p>
            <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1">
              <dt className="text-zinc-500 dark:text-zinc-400">When</dt>
              <dd>
                <When row={row} now={now} />
              </dd>
              <dt className="text-zinc-500 dark:text-zinc-400">How often</dt>
              <dd>{times(row.count)}</dd>
              <dt className="text-zinc-500 dark:text-zinc-400">Following</dt>
              <dd>{subscriptionOf(row)}</dd>
            </dl>
            <Actions row={row} ruleFor={ruleFor} />
          </li>
        ))}
      </ul>
    </>
  );
}
