"use client";
// The quoted message above a reply: a button that brings the quoted message into view (loading
// older history as needed). A quote of a message this side no longer has says so, without text.
import type { ReplyQuote as Quote } from "@/lib/protocol";
import { cn } from "@/lib/utils";

export function ReplyQuote({ quote, mine, peerName, onJump }: { quote: Quote; mine: boolean; peerName: string; onJump: (seq: number) => void }) {
  const frame = cn(
    // Wrapped to two lines, never one long unbreakable line: that would widen the whole timeline.
    "mb-1 line-clamp-2 max-w-full break-words rounded-lg border-l-4 px-2.5 py-1 text-left text-xs",
    mine ? "border-white/60 bg-black/20 text-white" : "border-zinc-400 bg-white/70 text-zinc-700 dark:bg-zinc-900/50 dark:text-zinc-300",
  );
  if (!quote.available) {
    return (
      <p data-testid="reply-quote" className={cn(frame, "italic")}>
        Reply to a message that was deleted
      </p>
    );
  }
  const author = quote.direction === "outgoing" ? "you" : peerName;
  return (
    <button type="button" data-testid="reply-quote" className={cn(frame, "w-full hover:opacity-90")} onClick={() => onJump(quote.seq)}>
      <span className="sr-only">Go to the message from {author} this replies to: </span>
      <span aria-hidden className="font-semibold">
        {quote.direction === "outgoing" ? "You" : peerName}:{" "}
      </span>
      {quote.body}
    </button>
  );
}
