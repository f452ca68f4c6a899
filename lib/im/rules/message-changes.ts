// Who may change a message already stored, and when. Pure: the facts come in as arguments;
// the answer is null (allowed) or what the actor is told.
import { changeWindowOpen } from "@/lib/protocol/message-changes";
import type { DeliveryOutcome } from "./delivery";

export type ChangeRefusal = { code: "forbidden" | "not_found"; message: string };

export type ChangeFacts = {
  /** The actor sent the message. */
  own: boolean;
  /** Deleted for everyone, as the actor has it. */
  retracted: boolean;
  sentAt: Date;
  now: number;
  /** The actor's side of the conversation. */
  actorState: "accepted" | "request" | "declined" | null;
};

/** Edits and deletions for everyone: your own message, within 24 hours, not already deleted. */
export function refuseRewrite(facts: ChangeFacts, verb: "edit" | "delete"): ChangeRefusal | null {
  if (!facts.own) return { code: "forbidden", message: `You can only ${verb} your own messages.` };
  if (facts.retracted) return { code: "forbidden", message: "This message was deleted." };
  if (!changeWindowOpen(facts.sentAt, facts.now)) {
    return { code: "forbidden", message: `Messages can only be ${verb === "edit" ? "edited" : "deleted for everyone"} within 24 hours.` };
  }
  return null;
}

/**
 * Reactions: to any message you have that was not deleted, but not inside a message request
 * you have not accepted (writing into a request is answering it; a reaction must not do that
 * silently, so it is refused until you accept).
 */
export function refuseReaction(facts: ChangeFacts): ChangeRefusal | null {
  if (facts.retracted) return { code: "forbidden", message: "This message was deleted." };
  if (facts.actorState === "request") return { code: "forbidden", message: "Accept the message request before reacting." };
  return null;
}

/**
 * Whether a change stays with the actor: the other side blocks the actor or holds its messages
 * back (or refuses them outright), so its copy must not change and it must not be told.
 */
export function changeHidden(outcome: DeliveryOutcome): boolean {
  return outcome !== "deliver" && outcome !== "request";
}
