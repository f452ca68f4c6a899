// The INSTANT INBOX as this tab knows it: the conversation list (summaries with unread counts),
// the history loaded for each conversation (oldest first), the outbox of messages not yet
// acknowledged, who is typing, the inbox settings and the catch-up cursor (the highest seq
// this tab has seen); and the events that change it (lib/client/im/inbox-store.ts applies them).
import type {
  ConversationSummary,
  DeletedMessages,
  InboxSettings,
  InboxSnapshot,
  InstantMessage,
  MessagePage,
  MessageStatusUpdate,
  ProtocolError,
  TypingNotice,
} from "@/lib/protocol";

/** A message the person sent that the server has not acknowledged yet. */
export type OutboxEntry = {
  /** Chosen once, before the first attempt, and reused for every retry: the server stores it once. */
  clientId: string;
  peer: string;
  body: string;
  /** The id of the message it replies to, if any. */
  replyTo?: string;
  /** Local time the person pressed send, shown until the server's time replaces it. */
  createdAt: string;
  /** `sending` is retried by itself (after a reconnect); `failed` was refused and waits for "Retry". */
  state: "sending" | "failed";
  error: ProtocolError | null;
  /** Ids of completed uploads sent with it (absent: none). */
  attachments?: string[];
};

/** The part of one conversation this tab has loaded: always its newest messages, back to some point. */
export type ConversationHistory = {
  /** Oldest first, by seq. */
  messages: InstantMessage[];
  /** The server has older messages than the oldest loaded. */
  hasMore: boolean;
  phase: "loading" | "ready" | "failed";
  loadingOlder: boolean;
  /** Loaded before a reconnect: statuses or deletions may have been missed, so the newest page is fetched again. */
  stale: boolean;
  error: ProtocolError | null;
};

export type InboxState = {
  /** False until the first snapshot, so the UI can tell "loading" from "empty". */
  loaded: boolean;
  /** Newest first; message requests are those with `state: "request"`. */
  conversations: ConversationSummary[];
  settings: InboxSettings | null;
  /** The highest seq seen: where catch-up starts after a reconnect. Null before the first snapshot. */
  cursor: number | null;
  /** The highest change seq seen: where catching up with edits, deletions and reactions starts. */
  changeCursor: number | null;
  /** By peer (a Map: usernames such as `__proto__` are valid). */
  histories: ReadonlyMap<string, ConversationHistory>;
  /** In the order the person sent them. */
  outbox: OutboxEntry[];
  /** Peers typing to me right now. */
  typing: ReadonlySet<string>;
};

export type InboxEvent =
  | { type: "snapshot"; snapshot: InboxSnapshot }
  | { type: "conversations"; conversations: ConversationSummary[] }
  | { type: "conversation-changed"; summary: ConversationSummary }
  | { type: "conversation-removed"; peer: string }
  /** A message from `im:received` or `im:sync`: maybe one already known. */
  | { type: "message"; message: InstantMessage }
  /** The server acknowledged an outbox entry with the stored message. */
  | { type: "sent"; clientId: string; message: InstantMessage }
  | { type: "status"; update: MessageStatusUpdate }
  /** A message already stored changed (`im:message-changed`, a catch-up page, or my own command's answer). */
  | { type: "changed"; message: InstantMessage; changeSeq?: number }
  /** Catch-up of changes got this far. */
  | { type: "change-cursor"; changeCursor: number }
  | { type: "deleted"; deleted: DeletedMessages }
  | { type: "settings"; settings: InboxSettings }
  | { type: "typing"; notice: TypingNotice }
  | { type: "history-loading"; peer: string; older: boolean }
  /** `knownUpTo`: the cursor when the newest page was asked for; what it lacks below that was deleted. */
  | { type: "history-page"; peer: string; page: MessagePage; older: boolean; knownUpTo: number }
  | { type: "history-failed"; peer: string; error: ProtocolError }
  | { type: "queued"; entry: OutboxEntry }
  | { type: "send-failed"; clientId: string; error: ProtocolError }
  | { type: "retry"; clientId: string }
  | { type: "discard"; clientId: string }
  /** The session ended: nothing of the account stays, not even its unsent messages. */
  | { type: "reset" };

export const initialInboxState: InboxState = {
  loaded: false,
  conversations: [],
  settings: null,
  cursor: null,
  changeCursor: null,
  histories: new Map(),
  outbox: [],
  typing: new Set(),
};
