// How the owner's own marks on conversations show in the list: pinned ones first (newest first
// among them, then the rest newest first), and a conversation marked unread counts as at least
// one unread message in the list, the nav badge and the tab title. Pure.
import type { ConversationSummary } from "@/lib/protocol";

/** The list's order: pinned first, then newest message first within each part. */
export function inListOrder(a: ConversationSummary, b: ConversationSummary): number {
  if (a.pinned !== b.pinned) return a.pinned ? -1 : 1;
  return b.lastMessage.seq - a.lastMessage.seq;
}

/** The unread count a conversation shows: its unread messages, at least 1 while marked unread. */
export function shownUnread(conversation: Pick<ConversationSummary, "unread" | "markedUnread">): number {
  return conversation.markedUnread ? Math.max(1, conversation.unread) : conversation.unread;
}
