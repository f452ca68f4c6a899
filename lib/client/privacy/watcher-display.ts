// WATCHER INFORMATION in words: how someone watches me (the RFC's fetcher, poller and
// subscriber), how often, and the counts-only lines for people whose names I do not see.
import type { SubscriptionState, WatcherInformation, WatcherRow, WatchNotice } from "@/lib/protocol";

export type WatchKind = keyof WatcherRow["kinds"];

/** Bottom to top in the chart, and the order counts are listed in. */
export const WATCH_KINDS: readonly WatchKind[] = ["subscribe", "poll", "fetch"];

const KIND_WORDS: Record<WatchKind, [one: string, many: string]> = {
  fetch: ["look-up", "look-ups"],
  poll: ["automatic check", "automatic checks"],
  subscribe: ["follow request", "follow requests"],
};

export const KIND_LEGEND: Record<WatchKind, string> = {
  fetch: "Look-ups",
  poll: "Automatic checks",
  subscribe: "Follow requests",
};

export const countOf = (count: number, kind: WatchKind) => `${count} ${KIND_WORDS[kind][count === 1 ? 0 : 1]}`;

export const ROLE_LABELS: Record<WatcherRow["role"], { name: string; hint: string }> = {
  subscriber: { name: "Subscriber", hint: "follows your status" },
  poller: { name: "Poller", hint: "checks again and again" },
  fetcher: { name: "Fetcher", hint: "looked you up" },
};

/** "3 look-ups · 1 follow request": each way this watcher watched, with its count. */
export function kindCounts(row: Pick<WatcherRow, "kinds">): string {
  return WATCH_KINDS.flatMap((kind) => {
    const summary = row.kinds[kind];
    return summary ? [countOf(summary.count, kind)] : [];
  }).join(" · ");
}

export const SUBSCRIPTION_LABELS: Record<SubscriptionState | "none", string> = {
  active: "Following you",
  pending: "Asked to follow",
  denied: "Request denied",
  ended: "Stopped following",
  none: "Not following",
};

export const times = (count: number) => (count === 1 ? "once" : count === 2 ? "twice" : `${count} times`);

/** "2 people who hide their watching looked 5 times", or null when there are none. */
export function hiddenWatchersLine(hidden: WatcherInformation["hidden"]): string | null {
  if (hidden.watchers === 0) return null;
  const who = hidden.watchers === 1 ? "1 person who hides their watching" : `${hidden.watchers} people who hide their watching`;
  return `${who} looked ${times(hidden.count)}`;
}

const NOTICE_VERBS: Record<WatchNotice["kind"], string> = {
  fetch: "looked you up",
  poll: "checked your status automatically",
  subscribe: "asked to follow your status",
};

/** The live line for a watch as it happens: "Bob (@bob) looked you up". */
export function noticeLine(notice: WatchNotice): string {
  const who = notice.hidden
    ? "Someone who hides their watching"
    : notice.username === null
      ? "Someone"
      : notice.displayName && notice.displayName !== notice.username
        ? `${notice.displayName} (@${notice.username})`
        : `@${notice.username}`;
  return `${who} ${NOTICE_VERBS[notice.kind]}`;
}
