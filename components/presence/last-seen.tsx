"use client";
import { formatTimeAgo } from "@/lib/client/format/relative-time";
import { useNow } from "@/lib/client/react/use-now";

/** "last seen 12 min ago", kept current; the exact time is in the tooltip. */
export function LastSeen({ at }: { at: string }) {
  const now = useNow();
  return (
    <span className="text-zinc-500 dark:text-zinc-400">
      last seen <time dateTime={at} title={new Date(at).toLocaleString()}>{formatTimeAgo(at, now)}</time>
    </span>
  );
}
