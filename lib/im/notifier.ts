// What the instant message service needs from the transport: reach the open devices of an
// account (every tab, or every tab but the one a command came from). lib/realtime/notifier.ts
// implements it with socket.io rooms.
import type {
  ConversationSummary,
  DeletedMessages,
  InboxSettings,
  MessageChanged,
  MessageStatusUpdate,
  ReceivedMessage,
  TypingNotice,
} from "@/lib/protocol/im";

export interface InboxNotifier {
  /** A new message in a conversation of the account; `exceptConnection` already has it (the sending tab). */
  messageReceived(userId: string, received: ReceivedMessage, exceptConnection?: string): void;
  /** The peer's device confirmed, or the peer read, the account's messages. */
  messageStatus(userId: string, update: MessageStatusUpdate): void;
  typing(userId: string, notice: TypingNotice): void;
  /** A conversation appeared in the account's inbox or changed (state, unread, newest message). */
  conversationChanged(userId: string, summary: ConversationSummary): void;
  /** A conversation left the account's list (deleted, declined, blocked). */
  conversationRemoved(userId: string, peer: string): void;
  /** Messages were deleted from the account's inbox (from one of its tabs). */
  messagesDeleted(userId: string, deleted: DeletedMessages): void;
  inboxSettingsChanged(userId: string, settings: InboxSettings): void;
  /** A message of the account's changed (edit, deletion for everyone, reaction); `exceptConnection` already has it. */
  messageChanged(userId: string, changed: MessageChanged, exceptConnection?: string): void;
}
