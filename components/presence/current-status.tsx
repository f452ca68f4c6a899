"use client";
import { presenceSummary } from "@/lib/client/presence/presence-display";
import { formatExpiry } from "@/lib/client/presence/status-expiry";
import { useNow } from "@/lib/client/react/use-now";
import type { PresenceView } from "@/lib/protocol";
import { AvailabilityLabel } from "./availability-label";
import { Avatar } from "./avatar";

/** My presence as my watchers see it, with when my status clears itself. */
export function CurrentStatus({ me }: { me: PresenceView }) {
  const now = useNow();
  const summary = presenceSummary(me);
  const { note, expiresAt } = me.status;
  return (
    <div className="flex items-start gap-3" data-testid="my-current-status">
      <Avatar username={me.username} displayName={me.displayName} tone={summary.tone} />
      <div className="min-w-0 flex-1 text-sm">
        <p className="flex flex-wrap items-center gap-x-2">
          <AvailabilityLabel summary={summary} />
          {expiresAt ? (
            <span className="text-xs text-zinc-500 dark:text-zinc-400">
              {formatExpiry(expiresAt, new Date(now))}
            </span>
          ) : null}
        </p>
        <p className="mt-0.5 break-words text-zinc-700 dark:text-zinc-300">
          {note ?? <span className="text-zinc-500 dark:text-zinc-400">No note</span>}
        </p>
      </div>
    </div>
  );
}
