// What a presence view says in words, for the availability label (colour is never the only
// signal: every tone has its text).
import type { PresenceView } from "@/lib/protocol";

export type PresenceTone = "available" | "away" | "busy" | "offline" | "unknown";

export type PresenceSummary = { tone: PresenceTone; label: string };

const AVAILABILITY_LABELS = { available: "Available", away: "Away", busy: "Busy" } as const;

export function presenceSummary(view: Pick<PresenceView, "status">): PresenceSummary {
  const { basic, availability } = view.status;
  if (basic === null) return { tone: "unknown", label: "Not shared" };
  if (basic === "closed") return { tone: "offline", label: "Offline" };
  // A limited view says only open/closed.
  if (!availability) return { tone: "available", label: "Online" };
  return { tone: availability, label: AVAILABILITY_LABELS[availability] };
}
