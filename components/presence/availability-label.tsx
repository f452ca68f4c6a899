import { type PresenceSummary, type PresenceTone } from "@/lib/client/presence/presence-display";
import { cn } from "@/lib/utils";

export const TONE_DOT: Record<PresenceTone, string> = {
  available: "bg-available",
  away: "bg-away",
  busy: "bg-busy",
  offline: "bg-offline",
  unknown: "border border-offline bg-transparent",
};

/** A presence colour always with its word: "● Busy". */
export function AvailabilityLabel({ summary, className }: { summary: PresenceSummary; className?: string }) {
  return (
    <span
      data-testid="availability"
      data-tone={summary.tone}
      className={cn("inline-flex items-center gap-1.5 font-medium", className)}
    >
      <span aria-hidden className={cn("size-2 shrink-0 rounded-full", TONE_DOT[summary.tone])} />
      {summary.label}
    </span>
  );
}
