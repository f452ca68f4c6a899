// What replies, edits, deletions for everyone and reactions make of a message's view, for one
// viewer. Pure: the rows come from the message change store. The sender's own copy (senderBody
// and its dates) shows to the sender only: it holds what did not reach the other side.
import type { MessageDetails, StoredReaction } from "@/lib/db/im/message-change-store";
import { type InstantMessage, REPLY_QUOTE_MAX_LENGTH, type ReactionSummary, type ReplyQuote } from "@/lib/protocol/im";

/** Whether the viewer still has the message (not deleted for them, not held back from them). */
export function holds(details: Pick<MessageDetails, "senderId" | "recipientId" | "deletedBySender" | "deletedByRecipient">, viewerId: string) {
  return (details.senderId === viewerId && !details.deletedBySender) || (details.recipientId === viewerId && !details.deletedByRecipient);
}

/** The text and state of a message as the viewer has it. */
export function viewerCopy(details: MessageDetails, viewerId: string): { body: string; editedAt: Date | null; retracted: boolean } {
  const own = details.senderId === viewerId;
  const retracted = details.retractedAt !== null || (own && details.senderRetractedAt !== null);
  if (retracted) return { body: "", editedAt: null, retracted: true };
  return {
    body: (own ? details.senderBody : null) ?? details.body,
    editedAt: (own ? details.senderEditedAt : null) ?? details.editedAt,
    retracted: false,
  };
}

/** Reactions the viewer may see (hidden ones are their giver's alone), one summary per emoji. */
export function reactionSummaries(
  reactions: Pick<StoredReaction, "userId" | "emoji" | "hidden">[],
  viewerId: string,
  usernames: ReadonlyMap<string, string>,
): ReactionSummary[] {
  const byEmoji = new Map<string, ReactionSummary>();
  for (const reaction of reactions) {
    if (reaction.hidden && reaction.userId !== viewerId) continue;
    const summary = byEmoji.get(reaction.emoji) ?? { emoji: reaction.emoji, count: 0, mine: false, users: [] };
    summary.count += 1;
    summary.mine ||= reaction.userId === viewerId;
    summary.users.push(usernames.get(reaction.userId) ?? "");
    byEmoji.set(reaction.emoji, summary);
  }
  return [...byEmoji.values()];
}

/** The quote above a reply as the viewer has its target: never the text of one they lack. */
export function replyQuote(target: MessageDetails, viewerId: string): ReplyQuote {
  if (!holds(target, viewerId)) return { id: target.id, available: false };
  const copy = viewerCopy(target, viewerId);
  if (copy.retracted) return { id: target.id, available: false };
  const body = [...copy.body].slice(0, REPLY_QUOTE_MAX_LENGTH).join("");
  return { id: target.id, available: true, seq: target.seq, direction: target.senderId === viewerId ? "outgoing" : "incoming", body };
}

/** A message's view with its changes applied (a tombstone keeps no reply, reactions or attachments). */
export function withChanges(
  view: InstantMessage,
  facts: { details: MessageDetails; viewerId: string; reactions: ReactionSummary[]; target: MessageDetails | null },
): InstantMessage {
  const copy = viewerCopy(facts.details, facts.viewerId);
  if (copy.retracted) return { ...view, body: "", editedAt: null, retracted: true, replyTo: null, reactions: [], attachments: [] };
  return {
    ...view,
    body: copy.body,
    editedAt: copy.editedAt?.toISOString() ?? null,
    retracted: false,
    replyTo: facts.target ? replyQuote(facts.target, facts.viewerId) : null,
    reactions: facts.reactions,
  };
}
