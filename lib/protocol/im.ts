// Instant messages on the wire: the SENDER USER AGENT's commands (send, typing, receipts) and
// the INBOX USER AGENT's (conversations, history, catch-up, message requests, deletion,
// search, delivery rules). Bodies are plain text; clients render them as text, never as HTML.
import { z } from "zod";
import { MAX_ATTACHMENTS_PER_MESSAGE, type AttachmentView } from "./attachments";
import { checkBody } from "./message-body";
import { usernameRefSchema } from "./presence";
import { lookupText } from "./text";

export { MESSAGE_BODY_MAX_LENGTH, bodyLength } from "./message-body";

export const ACCEPT_FROM = ["everyone", "contacts", "nobody"] as const;
export type AcceptFrom = (typeof ACCEPT_FROM)[number];

/** Most messages one history page, catch-up page or search page returns. */
export const HISTORY_PAGE_MAX = 100;
export const SYNC_PAGE_MAX = 500;
export const SEARCH_PAGE_MAX = 50;
/** Most message ids one delivery confirmation or deletion may name. */
export const MAX_MESSAGE_IDS = 200;
/** Most conversations one inbox may have pinned to the top of its list. */
export const MAX_PINNED_CONVERSATIONS = 10;

/** While someone types, their client repeats `im:typing` this often. */
export const TYPING_REPEAT_MS = 3_000;
/** A typing indicator with no repeat for this long goes away (so does one whose sender's message arrives). */
export const TYPING_TIMEOUT_MS = 6_000;

/** An INSTANT INBOX ADDRESS: `im:alice`, or just the username. */
export const inboxAddressSchema = z
  .string()
  .trim()
  .toLowerCase()
  .transform((address) => (address.startsWith("im:") ? address.slice(3) : address))
  .pipe(usernameRefSchema);

/** Seqs are 32-bit in storage. */
export const seqSchema = z.number().int().min(0).max(2_147_483_647);
const messageIdsSchema = z.array(z.uuid()).min(1).max(MAX_MESSAGE_IDS);

export const messageBodySchema = z.string().transform((raw, context) => {
  const checked = checkBody(raw);
  if (checked.ok) return checked.body;
  context.addIssue({ code: "custom", message: checked.message });
  return z.NEVER;
});

/** A caption: the body of a message with attachments, which may be empty. */
const captionSchema = z.string().transform((raw, context) => {
  const checked = checkBody(raw);
  if (checked.ok) return checked.body;
  if (raw.trim() === "") return "";
  context.addIssue({ code: "custom", message: checked.message });
  return z.NEVER;
});

/**
 * What a new message carries, in a conversation or a group: the client's id for it, a caption,
 * attachments and what it replies to. `requireContent` completes it.
 */
export const messageContentFields = {
  /** Chosen by the client (a UUID) before the first attempt and reused for every retry. */
  clientId: z.uuid(),
  body: captionSchema,
  /** Ids of completed uploads of the sender's, not yet attached; the body may then be empty. */
  attachments: z
    .array(z.uuid())
    .max(MAX_ATTACHMENTS_PER_MESSAGE, `At most ${MAX_ATTACHMENTS_PER_MESSAGE} attachments per message.`)
    .refine((ids) => new Set(ids).size === ids.length, "An attachment is named twice.")
    .optional(),
  /** The id of a message of the same conversation (or group) that this one replies to. */
  replyTo: z.uuid().optional(),
};

/** A message says something: a body, or at least one attachment. */
export function requireContent(input: { body: string; attachments?: string[] }, context: z.RefinementCtx) {
  if (input.body === "" && (input.attachments ?? []).length === 0) {
    context.addIssue({ code: "custom", path: ["body"], message: "Write a message." });
  }
}

export const sendMessageSchema = z
  .object({ to: inboxAddressSchema, ...messageContentFields })
  .strict()
  .superRefine(requireContent);
export type SendMessage = z.input<typeof sendMessageSchema>;

/** `im:delivery-notice`: what a sender may be told before writing to `to`. */
export const deliveryNoticeSchema = z.object({ to: inboxAddressSchema }).strict();
export const typingSchema = z.object({ to: inboxAddressSchema, typing: z.boolean() }).strict();
export const confirmDeliverySchema = z.object({ ids: messageIdsSchema }).strict();
export const markReadSchema = z.object({ peer: inboxAddressSchema, upToSeq: seqSchema }).strict();
export const historySchema = z
  .object({
    peer: inboxAddressSchema,
    /** Messages older than this seq; the newest page when absent. */
    beforeSeq: seqSchema.optional(),
    limit: z.number().int().min(1).max(HISTORY_PAGE_MAX).default(50),
  })
  .strict();
export const syncSchema = z
  .object({
    afterSeq: seqSchema,
    limit: z.number().int().min(1).max(SYNC_PAGE_MAX).default(200),
    /** Also the messages changed (edited, deleted for everyone, reacted to) after this change seq. */
    changesAfter: seqSchema.optional(),
  })
  .strict();
export const respondRequestSchema = z
  .object({ peer: inboxAddressSchema, action: z.enum(["accept", "decline", "block"]) })
  .strict();
export const deleteMessagesSchema = z.object({ ids: messageIdsSchema }).strict();
export const peerSchema = z.object({ peer: inboxAddressSchema }).strict();
export const searchMessagesSchema = z
  .object({
    query: lookupText(z.string().trim().min(1, "Enter something to search for.").max(200, "Use at most 200 characters.")),
    beforeSeq: seqSchema.optional(),
    limit: z.number().int().min(1).max(SEARCH_PAGE_MAX).default(20),
  })
  .strict();
/**
 * `im:set-conversation`: the owner's own marks on one conversation. Each field sets a state, so
 * a repeat changes nothing; the peer is never told.
 */
export const setConversationSchema = z
  .object({
    peer: inboxAddressSchema,
    /** Pinned conversations come first in the list (at most MAX_PINNED_CONVERSATIONS). */
    pinned: z.boolean().optional(),
    /** No Web Push and no desktop notification for its messages; they still count as unread. */
    muted: z.boolean().optional(),
    /** Shown as unread until the owner reads it (im:read clears the mark). */
    markedUnread: z.boolean().optional(),
  })
  .strict()
  .refine(
    (input) => input.pinned !== undefined || input.muted !== undefined || input.markedUnread !== undefined,
    "Set at least one of pinned, muted, markedUnread.",
  );
export type SetConversation = z.input<typeof setConversationSchema>;

export const setInboxSettingsSchema = z
  .object({
    acceptFrom: z.enum(ACCEPT_FROM).optional(),
    readReceipts: z.boolean().optional(),
    notifyWhileBusy: z.boolean().optional(),
  })
  .strict()
  .refine((changes) => Object.keys(changes).length > 0, "Change at least one setting.");

// --- Views ------------------------------------------------------------------------------------

/**
 * Outgoing: `sent` (stored) → `delivered` (a device of the recipient has it) → `read` (only
 * while both sides have read receipts on). Incoming: `delivered`, or `read` once you read it.
 */
export type MessageStatus = "sent" | "delivered" | "read";

/** An INSTANT MESSAGE as one side of the conversation sees it. */
export type InstantMessage = {
  /** Assigned by the server. */
  id: string;
  /** Grows with every message stored: orders history, and is the catch-up cursor. */
  seq: number;
  /** The other side's username (its inbox address is `im:<peer>`). */
  peer: string;
  direction: "outgoing" | "incoming";
  /** Your client's id for a message you sent; null for a message you received. */
  clientId: string | null;
  /** Plain text. */
  body: string;
  /** Server time (ISO) when the message was stored. */
  sentAt: string;
  status: MessageStatus;
  /** When the sender last edited it; null if never. */
  editedAt: string | null;
  /** Deleted for everyone: the body is "" (a tombstone that shows "message deleted"). */
  retracted: boolean;
  /** The message this one replies to, as this side has it. */
  replyTo: ReplyQuote | null;
  /** Pictures and files, in the order sent; [] for none (also when deleted for everyone). */
  attachments: AttachmentView[];
  /** Reactions, one entry per emoji, in the order they were first given. */
  reactions: ReactionSummary[];
};

/**
 * The quoted message above a reply, as the viewer has it: unavailable (no body) when the viewer
 * deleted it, it was deleted for everyone, or the viewer never had it.
 */
export type ReplyQuote =
  | { id: string; available: true; seq: number; direction: "outgoing" | "incoming"; body: string }
  | { id: string; available: false };

/** Longest quote body sent with a reply (the rest is in the message itself). */
export const REPLY_QUOTE_MAX_LENGTH = 200;

export type ReactionSummary = {
  emoji: string;
  count: number;
  /** Whether you are among those who reacted with it. */
  mine: boolean;
  /** Usernames of those who reacted with it. */
  users: string[];
};

/** One conversation in the inbox: a contact's, or a message request (a non-contact's). */
export type ConversationSummary = {
  peer: string;
  displayName: string;
  state: "accepted" | "request";
  /** Received messages above lastReadSeq. */
  unread: number;
  lastReadSeq: number;
  /** The peer has read your messages up to this seq; 0 when unknown or read receipts are off. */
  peerReadSeq: number;
  lastMessage: InstantMessage;
  /** Pinned to the top of your list (pinned ones first, newest first among them). */
  pinned: boolean;
  /** No Web Push and no desktop notification for it; its messages still count in `unread`. */
  muted: boolean;
  /**
   * You marked it unread: show it as unread (at least 1) until you read it. `unread` stays the
   * count of messages above your read mark.
   */
  markedUnread: boolean;
};

/**
 * What a send to this address would be told openly, known before writing: the recipient takes
 * messages from contacts only, or from nobody. null otherwise — and for an address that does
 * not exist or whose owner blocks the sender, which must not be told apart.
 */
export type DeliveryNotice = { refuses: "contacts-only" | "nobody" | null };
export type InboxSettings = { acceptFrom: AcceptFrom; readReceipts: boolean; notifyWhileBusy: boolean };

/** Sent on every (re)connect. */
export type InboxSnapshot = {
  /** Newest first; message requests are those with `state: "request"`. At most 500. */
  conversations: ConversationSummary[];
  /** The newest seq in your inbox: where a tab with nothing cached starts catching up from. */
  cursor: number;
  /** The newest change seq of your inbox: where catching up with changes starts from. */
  changeCursor: number;
  settings: InboxSettings;
};

/** A history or search page, newest first. */
export type MessagePage = { messages: InstantMessage[]; hasMore: boolean };

/** A catch-up page, oldest first; ask again from `cursor` while `hasMore`. */
export type SyncPage = {
  messages: InstantMessage[];
  hasMore: boolean;
  cursor: number;
  /**
   * With `changesAfter`: messages you already had that changed since, as they are now, oldest
   * change first, and the change cursor to ask from next time (more when `changesHaveMore`).
   */
  changed?: InstantMessage[];
  changeCursor?: number;
  changesHaveMore?: boolean;
};

/** A message of yours changed (edited, deleted for everyone, reacted to): its view now. */
export type MessageChanged = { message: InstantMessage; changeSeq: number };

/** A new message in one of your conversations (sent by the peer, or by you in another tab). */
export type ReceivedMessage = {
  message: InstantMessage;
  /** Whether a desktop notification is welcome (false while you are busy, unless you chose otherwise). */
  notify: boolean;
};

/** What the peer did with your messages. */
export type MessageStatusUpdate =
  | { peer: string; status: "delivered"; ids: string[]; at: string }
  | { peer: string; status: "read"; upToSeq: number; at: string };

export type TypingNotice = { from: string; typing: boolean };

export type DeletedMessages = { peer: string; ids: string[] };
