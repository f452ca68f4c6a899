// The DELIVERY RULES of an instant inbox, applied to one message from one sender. Pure: the
// facts come in as arguments. Every path that reaches an inbox — a message, a typing
// notice — asks this one evaluation.
import type { ConversationState } from "@/lib/db/im/message-store";
import type { AcceptFrom, DeliveryNotice } from "@/lib/protocol/im";

/** The inbox owner's side of a conversation; null before the first message. */
export type { ConversationState };

export type DeliveryFacts = {
  /** The owner's access rules block the sender (access rule `block`). */
  blocked: boolean;
  acceptFrom: AcceptFrom;
  /** The sender is in the owner's buddy list. */
  senderIsContact: boolean;
  conversationState: ConversationState | null;
};

/**
 * deliver: into the conversation · request: into "Message requests" · declined-silently:
 * stored, never shown to the owner, and the sender is not told · refuse-unknown: fails
 * exactly like a message to an address that does not exist · refuse-contacts-only,
 * refuse-nobody: refused, and the sender is told why.
 */
export type DeliveryOutcome =
  | "deliver"
  | "request"
  | "declined-silently"
  | "refuse-unknown"
  | "refuse-contacts-only"
  | "refuse-nobody";

export function evaluateDelivery(facts: DeliveryFacts): DeliveryOutcome {
  // A block makes the account look absent, so it must win over every rule that would say more.
  if (facts.blocked) return "refuse-unknown";
  if (facts.acceptFrom === "nobody") return "refuse-nobody";
  // Contacts are never requests: the owner chose them (even after declining them once).
  if (facts.senderIsContact) return "deliver";
  if (facts.acceptFrom === "contacts") return "refuse-contacts-only";
  switch (facts.conversationState) {
    case "accepted":
      return "deliver";
    case "declined":
      return "declined-silently";
    default:
      return "request";
  }
}

/**
 * What a sender may be told before writing: only what a send would tell them openly (see
 * DeliveryOutcome). A block answers like an unknown address, so it tells nothing, and so do
 * a request and a silent decline, which a send does not reveal either.
 */
export function deliveryNotice(outcome: DeliveryOutcome | null): DeliveryNotice {
  if (outcome === "refuse-contacts-only") return { refuses: "contacts-only" };
  if (outcome === "refuse-nobody") return { refuses: "nobody" };
  return { refuses: null };
}

/** The outcomes that store the message (possibly hidden from the owner); the others refuse it. */
export type StoredOutcome = "deliver" | "request" | "declined-silently";

/**
 * Whether the sender counts as a stranger to this inbox, for the stricter rate limit: neither
 * a contact nor someone whose conversation the owner accepted.
 */
export function fromStranger(outcome: DeliveryOutcome): boolean {
  return outcome === "request" || outcome === "declined-silently";
}

/**
 * Whether a new message deserves a desktop notification: never in a conversation the owner
 * muted (its message still counts as unread), otherwise unless busy.
 */
export function shouldNotify(facts: { busy: boolean; notifyWhileBusy: boolean; muted: boolean }): boolean {
  if (facts.muted) return false;
  return !facts.busy || facts.notifyWhileBusy;
}
