"use client";
// A group's messages, newest at the bottom, with day separators and an "unread" divider above
// the first message I had not read when I opened it. Scrolling near the top loads the previous
// page without moving what is on screen; new messages scroll into view while the reader is at
// the bottom, and always when they are mine (as MessageHistory for one-to-one conversations).
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { ArrowDownIcon } from "@/components/ui/icons";
import { withDaySeparators } from "@/lib/client/format/day-separators";
import { type GroupTimelineMessage, receiptsKey, runStarts } from "@/lib/client/groups/group-view";
import { useNow } from "@/lib/client/react/use-now";
import type { ProtocolError } from "@/lib/protocol";
import { type GroupMessageHandlers, GroupMessageItem } from "./group-message-item";

const EDGE_PX = 160;
const BOTTOM_PX = 48;

type Props = GroupMessageHandlers & {
  title: string;
  me: string;
  nameOf: (username: string) => string;
  messages: GroupTimelineMessage[];
  phase: "loading" | "ready" | "failed";
  hasMore: boolean;
  loadingOlder: boolean;
  error: ProtocolError | null;
  /** The key of the first unread message when the group was opened. */
  dividerKey: string | null;
  highlightSeq: number | null;
  onLoadOlder: () => void;
  onReload: () => void;
};

const atBottom = (element: HTMLElement) => element.scrollHeight - element.scrollTop - element.clientHeight < BOTTOM_PX;

function HistoryStart({ props }: { props: Props }) {
  const { phase, hasMore, loadingOlder, error, messages } = props;
  let content: React.ReactNode = null;
  if (phase === "failed") {
    content = (
      <>
        <span role="alert">{error?.message ?? "Could not load the messages."}</span>
        <Button size="sm" variant="outline" onClick={props.onReload}>
          Try again
        </Button>
      </>
    );
  } else if (phase === "loading" || loadingOlder) content = <span role="status">Loading messages…</span>;
  else if (hasMore) {
    content = (
      <Button size="sm" variant="ghost" onClick={props.onLoadOlder}>
        Load earlier messages
      </Button>
    );
  } else if (messages.length > 0) content = <span>This is the beginning of what you can see of {props.title}.</span>;
  return <div className="flex h-10 shrink-0 items-center justify-center gap-2 text-xs text-zinc-500 dark:text-zinc-400">{content}</div>;
}

export function GroupMessageHistory(props: Props) {
  const { messages, phase, hasMore, loadingOlder, highlightSeq, onLoadOlder } = props;
  const scroller = useRef<HTMLDivElement>(null);
  const now = useNow();
  const items = useMemo(() => withDaySeparators(messages, new Date(now)), [messages, now]);
  const starts = useMemo(() => runStarts(messages), [messages]);
  const showReceiptsOn = useMemo(() => receiptsKey(messages), [messages]);
  const [awayFromBottom, setAwayFromBottom] = useState(false);

  const oldestKey = messages[0]?.key ?? null;
  const newest = messages.at(-1);
  const newestKey = newest?.key ?? null;
  const newestMine = newest?.direction === "outgoing";
  const seen = useRef({ height: 0, oldestKey: null as string | null, newestKey: null as string | null, atBottom: true });

  useLayoutEffect(() => {
    const element = scroller.current;
    if (!element) return;
    const last = seen.current;
    if (last.oldestKey !== null && oldestKey !== last.oldestKey && newestKey === last.newestKey) {
      element.scrollTop += element.scrollHeight - last.height;
    } else if (newestKey !== last.newestKey && (last.atBottom || newestMine)) {
      element.scrollTop = element.scrollHeight;
    }
    seen.current = { height: element.scrollHeight, oldestKey, newestKey, atBottom: atBottom(element) };
    if (phase === "ready" && hasMore && !loadingOlder && element.scrollHeight <= element.clientHeight) onLoadOlder();
  });

  useEffect(() => {
    const element = scroller.current;
    if (!element) return;
    const observer = new ResizeObserver(() => {
      if (seen.current.atBottom) element.scrollTop = element.scrollHeight;
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  useEffect(() => {
    const element = scroller.current;
    const target = highlightSeq === null ? null : element?.querySelector(`[data-seq="${highlightSeq}"]`);
    if (!element || !target) return;
    const offset = target.getBoundingClientRect().top - element.getBoundingClientRect().top;
    element.scrollTop += offset - (element.clientHeight - target.clientHeight) / 2;
  }, [highlightSeq]);

  const onScroll = () => {
    const element = scroller.current;
    if (!element) return;
    const bottom = atBottom(element);
    seen.current = { ...seen.current, height: element.scrollHeight, atBottom: bottom };
    setAwayFromBottom(!bottom);
    if (element.scrollTop < EDGE_PX && hasMore && !loadingOlder && phase === "ready") onLoadOlder();
  };

  return (
    <div className="relative flex min-h-0 flex-1 flex-col">
      <div
        ref={scroller}
        onScroll={onScroll}
        role="region"
        aria-label={`Messages in ${props.title}`}
        tabIndex={0}
        className="flex min-h-0 flex-1 flex-col overflow-y-auto px-3 pb-2 [overflow-anchor:none] sm:px-4"
      >
        <HistoryStart props={props} />
        <ol className="mt-auto grid grid-cols-1 gap-0.5">
          {items.flatMap((item) =>
            item.type === "day"
              ? [
                  <li key={item.key} className="sticky top-0 z-[1] flex justify-center py-2">
                    <h3 className="rounded-full bg-white/90 px-3 py-0.5 text-xs font-medium text-zinc-600 shadow-xs ring-1 ring-zinc-200 backdrop-blur dark:bg-zinc-900/90 dark:text-zinc-300 dark:ring-zinc-700">
                      <time dateTime={item.dateTime}>{item.label}</time>
                    </h3>
                  </li>,
                ]
              : [
                  ...(item.key === props.dividerKey
                    ? [
                        <li key={`unread-${item.key}`} data-testid="unread-divider" className="my-2 flex items-center gap-2 text-xs font-semibold text-brand dark:text-indigo-300">
                          <span aria-hidden className="h-px flex-1 bg-brand/40" />
                          New messages
                          <span aria-hidden className="h-px flex-1 bg-brand/40" />
                        </li>,
                      ]
                    : []),
                  <GroupMessageItem
                    key={item.key}
                    {...props}
                    message={item.message}
                    now={now}
                    startsRun={starts.has(item.key)}
                    showReceipts={item.key === showReceiptsOn}
                    highlighted={item.message.seq !== null && item.message.seq === highlightSeq}
                  />,
                ],
          )}
        </ol>
      </div>
      {awayFromBottom ? (
        <Button
          size="sm"
          variant="outline"
          className="absolute right-4 bottom-3 rounded-full shadow-md"
          onClick={() => scroller.current?.scrollTo({ top: scroller.current.scrollHeight, behavior: "smooth" })}
        >
          <ArrowDownIcon />
          Newest
        </Button>
      ) : null}
    </div>
  );
}
