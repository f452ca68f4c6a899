"use client";
// What every message history shares, one-to-one or group: newest at the bottom, a fixed line
// above the oldest message (loading, an error, "load earlier", the beginning), day separators,
// and a "Newest" button while the reader is further up. Scrolling near the top loads the
// previous page and the view stays put while it goes in above (the scroll height is measured
// before and after); new messages scroll into view while the reader is at the bottom, and
// always when they are mine; someone reading further up is not moved.
import { useEffect, useLayoutEffect, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { ArrowDownIcon } from "@/components/ui/icons";
import type { ProtocolError } from "@/lib/protocol";

/** Closer than this to the top loads older messages; to the bottom counts as "at the bottom". */
const EDGE_PX = 160;
const BOTTOM_PX = 48;

const atBottom = (element: HTMLElement) => element.scrollHeight - element.scrollTop - element.clientHeight < BOTTOM_PX;

/** A history's loading state, as both kinds of conversation keep it. */
export type HistoryState = {
  messages: readonly { key: string; direction: "incoming" | "outgoing" }[];
  phase: "loading" | "ready" | "failed";
  hasMore: boolean;
  loadingOlder: boolean;
  error: ProtocolError | null;
  /** A message to bring into view (a search result), once it is loaded. */
  highlightSeq: number | null;
  onLoadOlder: () => void;
  onReload: () => void;
};

/** The fixed-height line above the oldest message: its height never changes, so it never shifts the view. */
function HistoryStart({ history, beginning }: { history: HistoryState; beginning: React.ReactNode }) {
  const { phase, hasMore, loadingOlder, error, messages } = history;
  let content: React.ReactNode = null;
  if (phase === "failed") {
    content = (
      <>
        <span role="alert">{error?.message ?? "Could not load the messages."}</span>
        <Button size="sm" variant="outline" onClick={history.onReload}>
          Try again
        </Button>
      </>
    );
  } else if (phase === "loading" || loadingOlder) {
    content = <span role="status">Loading messages…</span>;
  } else if (hasMore) {
    content = (
      <Button size="sm" variant="ghost" onClick={history.onLoadOlder}>
        Load earlier messages
      </Button>
    );
  } else if (messages.length > 0) {
    content = <span>{beginning}</span>;
  }
  return <div className="flex h-10 shrink-0 items-center justify-center gap-2 text-xs text-zinc-500 dark:text-zinc-400">{content}</div>;
}

/** A day's heading, kept at the top while its messages scroll under it. */
export function DaySeparator({ dateTime, label }: { dateTime: string; label: string }) {
  return (
    <li className="sticky top-0 z-[1] flex justify-center py-2">
      <h3 className="rounded-full bg-white/90 px-3 py-0.5 text-xs font-medium text-zinc-600 shadow-xs ring-1 ring-zinc-200 backdrop-blur dark:bg-zinc-900/90 dark:text-zinc-300 dark:ring-zinc-700">
        <time dateTime={dateTime}>{label}</time>
      </h3>
    </li>
  );
}

export function HistoryFrame({
  label,
  history,
  beginning,
  empty,
  children,
}: {
  /** The scrolling region's accessible name. */
  label: string;
  history: HistoryState;
  /** Said above the oldest message once there is nothing earlier. */
  beginning: React.ReactNode;
  /** Shown in place of the messages when the conversation has none. */
  empty?: React.ReactNode;
  /** The list's items, oldest first. */
  children: React.ReactNode;
}) {
  const { messages, phase, hasMore, loadingOlder, highlightSeq, onLoadOlder } = history;
  const scroller = useRef<HTMLDivElement>(null);
  const [awayFromBottom, setAwayFromBottom] = useState(false);

  const oldestKey = messages[0]?.key ?? null;
  const newest = messages.at(-1);
  const newestKey = newest?.key ?? null;
  const newestMine = newest?.direction === "outgoing";
  /** What the previous commit left on screen, to tell a prepend from an append. */
  const seen = useRef({ height: 0, oldestKey: null as string | null, newestKey: null as string | null, atBottom: true });

  // Before paint, after every commit: no frame ever shows the jump.
  useLayoutEffect(() => {
    const element = scroller.current;
    if (!element) return;
    const last = seen.current;
    if (last.oldestKey !== null && oldestKey !== last.oldestKey && newestKey === last.newestKey) {
      // An older page went in above: what the reader was looking at moves down by exactly its height.
      element.scrollTop += element.scrollHeight - last.height;
    } else if (newestKey !== last.newestKey && (last.atBottom || newestMine)) {
      element.scrollTop = element.scrollHeight;
    }
    seen.current = { height: element.scrollHeight, oldestKey, newestKey, atBottom: atBottom(element) };
    // A first page shorter than the view leaves nothing to scroll: fetch more at once.
    if (phase === "ready" && hasMore && !loadingOlder && element.scrollHeight <= element.clientHeight) onLoadOlder();
  });

  // The phone's keyboard or a resized window shrinks the view: stay at the bottom if there.
  useEffect(() => {
    const element = scroller.current;
    if (!element) return;
    const observer = new ResizeObserver(() => {
      if (seen.current.atBottom) element.scrollTop = element.scrollHeight;
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  // A search result: bring it to the middle of the history once it is loaded (scrolling only
  // the history: scrollIntoView would scroll the page and the cards around it too).
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
        aria-label={label}
        // Focusable, so the keyboard can scroll it.
        tabIndex={0}
        className="flex min-h-0 flex-1 flex-col overflow-y-auto px-3 pb-2 [overflow-anchor:none] sm:px-4"
      >
        <HistoryStart history={history} beginning={beginning} />
        {phase === "ready" && messages.length === 0 ? empty : null}
        <ol className="mt-auto grid grid-cols-1 gap-0.5">{children}</ol>
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
