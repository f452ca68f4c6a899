// Group conversations on the wire: one INSTANT MESSAGE delivered to several INSTANT INBOXES,
// each under its owner's DELIVERY RULES. A group has its own seq space (`groupchat:sync` catches up
// by it, as `im:sync` does for one-to-one messages). Not to be confused with the groups of a
// buddy list (buddy-list.ts), which only sort contacts.
// Commands and events are named `groupchat:*` (the buddy list's contact groups own `group:create`,
// `group:rename` and `group:delete`).
import { z } from "zod";
import type { AttachmentView } from "./attachments";
import { messageContentFields, type ReactionSummary, requireContent, searchMessagesSchema, seqSchema } from "./im";
import { usernameRefSchema } from "./presence";
import { humanNameSchema } from "./text";

/** Members a group may have, its creator included. */
export const GROUP_MAX_MEMBERS = 100;
/** Longest group name. */
export const GROUP_NAME_MAX_LENGTH = 80;
/** Most group messages one history or catch-up page returns. */
export const GROUP_HISTORY_PAGE_MAX = 100;
export const GROUP_SYNC_PAGE_MAX = 500;

export const groupIdSchema = z.uuid();
const memberListSchema = z
  .array(z.string().trim().toLowerCase().pipe(usernameRefSchema))
  .min(1, "Name at least one person.")
  .max(GROUP_MAX_MEMBERS - 1, `A group has at most ${GROUP_MAX_MEMBERS} members.`)
  .refine((names) => new Set(names).size === names.length, "A person is named twice.");
/** A group's name; null (or blank) means "the members' names". */
const groupNameSchema = z
  .union([humanNameSchema(GROUP_NAME_MAX_LENGTH), z.literal(""), z.null()])
  .transform((name) => (name === "" ? null : name));

// --- Commands ---------------------------------------------------------------------------------

/** `groupchat:create`: you and at least two others (`members` names the others). Idempotent by clientId. */
export const createGroupConversationSchema = z
  .object({
    clientId: z.uuid(),
    name: groupNameSchema.optional(),
    members: memberListSchema.refine((names) => names.length >= 2, "Choose at least two people."),
  })
  .strict();
/** `groupchat:add`: a member adds people (their own contacts, or anyone whose delivery rules allow). */
export const addGroupMembersSchema = z.object({ groupId: groupIdSchema, members: memberListSchema }).strict();
/** `groupchat:remove` (creator and admins), `groupchat:set-admin` (creator only). */
export const groupMemberSchema = z.object({ groupId: groupIdSchema, member: usernameRefSchema }).strict();
export const setGroupAdminSchema = z
  .object({ groupId: groupIdSchema, member: usernameRefSchema, admin: z.boolean() })
  .strict();
/** `groupchat:rename` (creator and admins). */
export const renameGroupConversationSchema = z.object({ groupId: groupIdSchema, name: groupNameSchema }).strict();
/** `groupchat:leave`, `groupchat:get`, `groupchat:delete` (remove it from your list after leaving). */
export const groupTargetSchema = z.object({ groupId: groupIdSchema }).strict();
/** `groupchat:respond`: a group you were added to by a non-contact waits in your message requests. */
export const respondGroupRequestSchema = z
  .object({ groupId: groupIdSchema, action: z.enum(["accept", "decline", "block"]) })
  .strict();
export const sendGroupMessageSchema = z
  .object({ groupId: groupIdSchema, ...messageContentFields })
  .strict()
  .superRefine(requireContent);
export const groupHistorySchema = z
  .object({
    groupId: groupIdSchema,
    beforeSeq: seqSchema.optional(),
    limit: z.number().int().min(1).max(GROUP_HISTORY_PAGE_MAX).default(50),
  })
  .strict();
export const groupSyncSchema = z
  .object({
    afterSeq: seqSchema,
    limit: z.number().int().min(1).max(GROUP_SYNC_PAGE_MAX).default(200),
    /** Also the messages changed (reacted to, edited, deleted for everyone) after this change seq. */
    changesAfter: seqSchema.optional(),
  })
  .strict();
/** `groupchat:read` and `groupchat:delivered`: your devices have / you read the group up to a seq. */
export const groupProgressSchema = z.object({ groupId: groupIdSchema, upToSeq: seqSchema }).strict();
export const groupTypingSchema = z.object({ groupId: groupIdSchema, typing: z.boolean() }).strict();
/** `groupchat:set-flags`: your own marks on a group, as `im:set-conversation`. */
export const setGroupFlagsSchema = z
  .object({
    groupId: groupIdSchema,
    pinned: z.boolean().optional(),
    muted: z.boolean().optional(),
    markedUnread: z.boolean().optional(),
  })
  .strict()
  .refine(
    (input) => input.pinned !== undefined || input.muted !== undefined || input.markedUnread !== undefined,
    "Set at least one of pinned, muted, markedUnread.",
  );
/** `groupchat:search`: the group messages you can read with every word (the last as a prefix), newest first. */
export const searchGroupMessagesSchema = searchMessagesSchema;
/** `groupchat:receipts`: who has one of your messages, and who read it (as their settings allow). */
export const groupReceiptsSchema = z.object({ messageId: z.uuid() }).strict();

// --- Views ------------------------------------------------------------------------------------

export type GroupRole = "creator" | "admin" | "member";

/** A member as another member sees them. */
export type GroupMemberView = {
  username: string;
  displayName: string;
  role: GroupRole;
  /** `invited`: added by a non-contact, not yet accepted (gets nothing until then). */
  state: "member" | "invited";
};

/** A line the server writes into the group when its membership or name changes. */
export type GroupSystemEvent =
  | { kind: "created"; actor: string; name: string | null }
  | { kind: "added"; actor: string; subject: string }
  | { kind: "joined"; actor: string }
  | { kind: "left"; actor: string }
  | { kind: "removed"; actor: string; subject: string }
  | { kind: "renamed"; actor: string; name: string | null };

/** A group message as one member sees it. */
export type GroupMessageView = {
  id: string;
  groupId: string;
  /** In the group's seq space: orders history, and is the `groupchat:sync` cursor. */
  seq: number;
  /** The sender's username; for a system line, the person who caused it. */
  sender: string;
  direction: "outgoing" | "incoming";
  /** Your client's id for a message you sent; null otherwise. */
  clientId: string | null;
  /** Plain text; "" for a system line, a hidden message or one deleted for everyone. */
  body: string;
  sentAt: string;
  /** A system line (join, leave, rename): render from `event`, not `body`. */
  event: GroupSystemEvent | null;
  /** From someone you block: shown collapsed ("message from someone you blocked"), body "". */
  hidden: boolean;
  /** It mentions you (`@username`): notifies even in a muted group. */
  mentionsYou: boolean;
  editedAt: string | null;
  retracted: boolean;
  replyTo: { id: string; available: true; seq: number; sender: string; body: string } | { id: string; available: false } | null;
  attachments: AttachmentView[];
  reactions: ReactionSummary[];
  /** For your own messages: how many members have it / read it, of how many it was sent to. */
  receipts: { delivered: number; read: number; of: number } | null;
};

/** One group in your inbox. */
export type GroupSummary = {
  id: string;
  /** Its name, or null when unnamed (show `title`). */
  name: string | null;
  /** The name, or the other members' names ("alice, bob and 3 others"). */
  title: string;
  /** Members now (not those who left), you included. */
  members: GroupMemberView[];
  /**
   * Your place in it. `request`: added by a non-contact, waiting for you to accept. `left`: you
   * left or were removed; its history up to then stays (read only) until you delete it.
   */
  state: "member" | "request" | "left";
  role: GroupRole;
  unread: number;
  /** The newest message mentions you and is unread. */
  mentioned: boolean;
  lastReadSeq: number;
  /** null for a group with no message yet that you may see (there is always its creation line). */
  lastMessage: GroupMessageView | null;
  pinned: boolean;
  muted: boolean;
  markedUnread: boolean;
};

/** Who has one of your messages: each member with `read` only while their setting and yours allow. */
export type GroupReceipts = { messageId: string; members: { username: string; delivered: boolean; read: boolean }[] };

export type GroupSnapshot = {
  /** Groups you are in and group requests, pinned first, newest first. */
  groups: GroupSummary[];
  /** The newest group seq you have: where catching up starts from. */
  cursor: number;
  /** The newest change seq of your groups (a space of its own): where catching up with changes starts from. */
  changeCursor: number;
};
export type GroupMessagePage = { messages: GroupMessageView[]; hasMore: boolean };
export type GroupSyncPage = {
  messages: GroupMessageView[];
  hasMore: boolean;
  cursor: number;
  /**
   * With `changesAfter`: messages you already had that changed since, as you see them now, oldest
   * change first, and the change cursor to ask from next time (more when `changesHaveMore`).
   */
  changed?: GroupMessageView[];
  changeCursor?: number;
  changesHaveMore?: boolean;
};
/** A group message you have changed (reacted to, edited, deleted for everyone): its view now. */
export type GroupMessageChanged = { message: GroupMessageView; changeSeq: number };
export type GroupReceived = { message: GroupMessageView; notify: boolean };
export type GroupTypingNotice = { groupId: string; from: string; typing: boolean };
/** Your messages' receipts moved (someone's devices have them, or they read them). */
export type GroupReceiptsChanged = { groupId: string; changes: { messageId: string; receipts: NonNullable<GroupMessageView["receipts"]> }[] };
