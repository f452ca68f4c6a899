"use client";
// My status in one line on a phone: the presence word, the note, and when it clears; a tap
// opens "Set a status".
import { ChevronDownIcon } from "@/components/ui/icons";
import { presenceSummary } from "@/lib/client/presence/presence-display";
import { formatExpiry } from "@/lib/client/presence/status-expiry";
import { useNow } from "@/lib/client/react/use-now";
import type { PresenceView } from "@/lib/protocol";
import { cn } from "@/lib/utils";
import { AvailabilityLabel } from "./availability-label";

export function StatusChip({ me, onOpen, className }: { me: PresenceView; onOpen: () => void; className?: string }) {
  const now = useNow();
  const summary = presenceSummary(me);
  const { note, expiresAt } = me.status;
  return (
    <button
      type="button"
      onClick={onOpen}
      aria-haspopup="dialog"
      data-testid="status-chip"
      className={cn(
        "flex min-h-11 w-full min-w-0 items-center gap-2 rounded-full border border-zinc-300 bg-white px-4 py-2 text-left text-sm shadow-xs dark:border-zinc-700 dark:bg-zinc-900",
        className,
      )}
    >
      <span className="sr-only">My status: </span>
      <AvailabilityLabel summary={summary} className="shrink-0" />
      <span className="min-w-0 flex-1 truncate text-zinc-700 dark:text-zinc-300">
        {note ?? "Set a status"}
        {expiresAt ? <span className="text-zinc-600 dark:text-zinc-400"> · {formatExpiry(expiresAt, new Date(now))}</span> : null}
      </span>
      <ChevronDownIcon className="text-zinc-600 dark:text-zinc-400" />
    </button>
  );
}
