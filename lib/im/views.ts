// Stored messages and conversations as one side sees them. Pure mapping; the facts it needs
// (names, read marks, receipt settings) are gathered by lib/im/inbox-reader.ts.
import type { StoredConversation, StoredMessage } from "@/lib/db/im/message-store";
import type { AttachmentView } from "@/lib/protocol/attachments";
import type { ConversationSummary, InstantMessage } from "@/lib/protocol/im";
import { conversationFlags } from "./conversation-flags";
import { messageStatus } from "./rules/message-status";

export type ViewerContext = {
  viewerId: string;
  /** The other side's username. */
  peer: string;
  /** The viewer's conversation with the peer (read marks); null before it exists. */
  conversation: Pick<StoredConversation, "lastReadSeq" | "peerReadSeq"> | null;
  viewerReceipts: boolean;
};

export function messageView(message: StoredMessage, context: ViewerContext, attachments: AttachmentView[] = []): InstantMessage {
  const outgoing = message.senderId === context.viewerId;
  return {
    id: message.id,
    seq: message.seq,
    peer: context.peer,
    direction: outgoing ? "outgoing" : "incoming",
    clientId: outgoing ? message.clientId : null,
    body: message.body,
    sentAt: message.sentAt.toISOString(),
    status: messageStatus({
      seq: message.seq,
      outgoing,
      delivered: message.deliveredAt !== null,
      lastReadSeq: context.conversation?.lastReadSeq ?? 0,
      peerReadSeq: context.conversation?.peerReadSeq ?? 0,
      viewerReceipts: context.viewerReceipts,
    }),
    attachments,
    // A message as stored; change-views.ts applies edits, deletion, its reply and reactions.
    editedAt: null,
    retracted: false,
    replyTo: null,
    reactions: [],
  };
}

export function conversationSummary(
  conversation: StoredConversation,
  facts: { peer: string; displayName: string; unread: number; lastMessage: InstantMessage; viewerReceipts: boolean },
): ConversationSummary {
  return {
    peer: facts.peer,
    displayName: facts.displayName,
    state: conversation.state === "request" ? "request" : "accepted",
    unread: facts.unread,
    lastReadSeq: conversation.lastReadSeq,
    peerReadSeq: facts.viewerReceipts ? conversation.peerReadSeq : 0,
    lastMessage: facts.lastMessage,
    ...conversationFlags(conversation),
  };
}
