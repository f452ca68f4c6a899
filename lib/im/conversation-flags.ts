// The owner's own marks on a conversation: pinned to the top, muted, marked unread. Pure: what
// a request to set them changes, given the conversation as it is and how many others are
// pinned. None of it is ever told to the peer.
import type { ConversationFlags, StoredConversation } from "@/lib/db/im/message-store";
import { MAX_PINNED_CONVERSATIONS } from "@/lib/protocol/im";

type Marks = Pick<StoredConversation, "pinnedAt" | "muted" | "markedUnread">;

/** The marks as a conversation summary shows them. */
export function conversationFlags(conversation: Marks): { pinned: boolean; muted: boolean; markedUnread: boolean } {
  return { pinned: conversation.pinnedAt !== null, muted: conversation.muted, markedUnread: conversation.markedUnread };
}

export type FlagRequest = { pinned?: boolean; muted?: boolean; markedUnread?: boolean };

export type FlagPlan = { ok: true; flags: ConversationFlags } | { ok: false; reason: "pin-limit" };

/**
 * What to store for a request: only the marks that differ (an unchanged pin keeps its time).
 * Pinning one more than MAX_PINNED_CONVERSATIONS is refused, and then nothing changes.
 */
export function planFlags(facts: { current: Marks; request: FlagRequest; pinnedCount: number; now: Date }): FlagPlan {
  const { current, request } = facts;
  const flags: ConversationFlags = {};
  const pinned = current.pinnedAt !== null;
  if (request.pinned !== undefined && request.pinned !== pinned) {
    if (request.pinned && facts.pinnedCount >= MAX_PINNED_CONVERSATIONS) return { ok: false, reason: "pin-limit" };
    flags.pinnedAt = request.pinned ? facts.now : null;
  }
  if (request.muted !== undefined && request.muted !== current.muted) flags.muted = request.muted;
  if (request.markedUnread !== undefined && request.markedUnread !== current.markedUnread) flags.markedUnread = request.markedUnread;
  return { ok: true, flags };
}
