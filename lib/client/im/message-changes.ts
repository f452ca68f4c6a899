// Changes to messages already shown (edits, deletions for everyone, reactions), applied by
// message id: the server sends the message as it is now, so applying one twice, or an older
// copy after a newer status, changes nothing it should not. Pure steps the store uses, and the
// reaction helpers the message view uses.
import type { InstantMessage, ReactionSummary } from "@/lib/protocol";
import { withBetterStatus } from "./inbox-history";

/** The changed copy in place of the known one: its text, reactions and quote; the status never moves back. */
export function withChange(known: InstantMessage, changed: InstantMessage): InstantMessage {
  if (known.id !== changed.id) return known;
  const next = withBetterStatus({ ...changed, status: known.status, clientId: known.clientId ?? changed.clientId }, changed.status);
  return sameContent(known, next) ? known : next;
}

function sameContent(a: InstantMessage, b: InstantMessage): boolean {
  return (
    a.body === b.body &&
    a.status === b.status &&
    a.editedAt === b.editedAt &&
    a.retracted === b.retracted &&
    JSON.stringify(a.replyTo) === JSON.stringify(b.replyTo) &&
    JSON.stringify(a.reactions) === JSON.stringify(b.reactions)
  );
}

/** A loaded history with the change applied (the same array when the message is not there or unchanged). */
export function applyChange(messages: InstantMessage[], changed: InstantMessage): InstantMessage[] {
  const index = messages.findIndex((message) => message.id === changed.id);
  if (index < 0) return messages;
  const next = withChange(messages[index]!, changed);
  return next === messages[index] ? messages : messages.with(index, next);
}

/** Whether toggling this emoji adds my reaction (not given yet) or removes it. */
export function reactionToggle(reactions: ReactionSummary[], emoji: string): boolean {
  return !reactions.some((reaction) => reaction.emoji === emoji && reaction.mine);
}
