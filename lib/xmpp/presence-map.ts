// Presence between the model and XMPP (RFC 6121 §4), pure. Out: a view (already shaped by the
// presentity's access rules for this watcher) becomes one presence stanza's content. In: `show`
// and `status` become availability and note.
import type { Availability, PresenceView } from "@/lib/protocol/presence";

export type XmppShow = "away" | "chat" | "dnd" | "xa";
export type OutgoingPresence = { available: boolean; show: XmppShow | null; status: string | null };

const SHOW_OF: Record<Availability, XmppShow | null> = { available: null, away: "away", busy: "dnd" };

/** What a watcher is sent for a view: `limited` views carry no availability or note, hidden ones are closed. */
export function presenceOfView(view: PresenceView): OutgoingPresence {
  const available = view.status.basic === "open";
  return {
    available,
    show: available && view.status.availability ? SHOW_OF[view.status.availability] : null,
    status: view.status.note,
  };
}

/** The availability an XMPP client's `show` means (away and xa are away, dnd is busy). */
export function availabilityOfShow(show: string | undefined): Availability {
  switch (show) {
    case "away":
    case "xa":
      return "away";
    case "dnd":
      return "busy";
    default:
      return "available";
  }
}
