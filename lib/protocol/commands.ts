// Every socket command in one table: its payload schema, what its ack carries, and the scope a
// personal access token needs for it. The socket event map (events.ts), the server's handler
// table (lib/realtime/command.ts) and the client's sendCommand (lib/client/commands.ts) are all
// derived from it, so a renamed payload field or a command without a handler fails the type
// check. The payload is typed `z.input` where it is sent and `z.output` where it is handled.
import type { z } from "zod";
import {
  type AccessTokenSummary,
  type ContactGroup,
  type CreatedAccessToken,
  createGroupSchema,
  createTokenSchema,
  deleteGroupSchema,
  renameGroupSchema,
  reorderGroupsSchema,
  respondSubscriptionSchema,
  revokeTokenSchema,
  setContactGroupsSchema,
  type SubscriptionResult,
  usernameTargetSchema,
} from "./buddy-list";
import type { Ack } from "./errors";
import {
  addGroupMembersSchema,
  createGroupConversationSchema,
  type GroupMessagePage,
  type GroupMessageView,
  type GroupReceipts,
  type GroupSnapshot,
  type GroupSummary,
  type GroupSyncPage,
  groupHistorySchema,
  groupMemberSchema,
  groupProgressSchema,
  groupReceiptsSchema,
  groupSyncSchema,
  groupTargetSchema,
  groupTypingSchema,
  renameGroupConversationSchema,
  respondGroupRequestSchema,
  sendGroupMessageSchema,
  setGroupAdminSchema,
  setGroupFlagsSchema,
} from "./groups";
import { editMessageSchema, reactSchema, retractMessageSchema } from "./message-changes";
import {
  confirmDeliverySchema,
  type ConversationSummary,
  deleteMessagesSchema,
  type DeliveryNotice,
  deliveryNoticeSchema,
  historySchema,
  type InboxSettings,
  type InstantMessage,
  markReadSchema,
  type MessagePage,
  peerSchema,
  respondRequestSchema,
  searchMessagesSchema,
  sendMessageSchema,
  setConversationSchema,
  setInboxSettingsSchema,
  type SyncPage,
  syncSchema,
  typingSchema,
} from "./im";
import { setTabVisibilitySchema } from "./push";
import { type QuietHoursSettings, setQuietHoursSchema } from "./quiet-hours";
import { fetchPresenceSchema, type PresenceView, setIdleSchema, setStatusSchema, setUserTuplesSchema } from "./presence";
import {
  type PresencePreview,
  previewSchema,
  type PrivacySettings,
  quickRuleSchema,
  setAccessRulesSchema,
  setInvisibleSchema,
  setRetentionSchema,
  setVisibilitySchema,
  type UserSuggestion,
  userSearchSchema,
  type WatcherInformation,
} from "./privacy";
import { emptySchema, setDisplayNameSchema, type UserSummary } from "./schemas";
import type { CommandPermission } from "./scopes";

declare const resultType: unique symbol;
/** What a command's ack carries: a type only, nothing to check at run time. */
export type Returns<Result> = { readonly [resultType]?: Result };
const returns = <Result>(): Returns<Result> => ({});

export type CommandSpec = {
  /** Validates the payload on the server; the handler receives its output. */
  input: z.ZodType;
  result: Returns<unknown>;
  /** What a token must allow (`session`: a browser session only). */
  scope: CommandPermission;
};

export const commands = {
  "profile:set-display-name": { input: setDisplayNameSchema, result: returns<UserSummary>(), scope: "presence:manage" },

  "presence:set-status": { input: setStatusSchema, result: returns<PresenceView>(), scope: "presence:manage" },
  "presence:clear-status": { input: emptySchema, result: returns<PresenceView>(), scope: "presence:manage" },
  "presence:set-idle": { input: setIdleSchema, result: returns<null>(), scope: "presence:manage" },
  "presence:set-tuples": { input: setUserTuplesSchema, result: returns<PresenceView>(), scope: "presence:manage" },
  "presence:fetch": { input: fetchPresenceSchema, result: returns<PresenceView>(), scope: "presence:read" },
  "presence:unfollow": { input: usernameTargetSchema, result: returns<null>(), scope: "presence:read" },
  "presence:get-quiet-hours": { input: emptySchema, result: returns<QuietHoursSettings>(), scope: "presence:read" },
  "presence:set-quiet-hours": { input: setQuietHoursSchema, result: returns<QuietHoursSettings>(), scope: "presence:manage" },

  "subscription:request": { input: usernameTargetSchema, result: returns<SubscriptionResult>(), scope: "presence:manage" },
  "subscription:respond": { input: respondSubscriptionSchema, result: returns<SubscriptionResult>(), scope: "presence:manage" },
  "subscription:remove": { input: usernameTargetSchema, result: returns<null>(), scope: "presence:manage" },

  "group:create": { input: createGroupSchema, result: returns<ContactGroup>(), scope: "presence:manage" },
  "group:rename": { input: renameGroupSchema, result: returns<null>(), scope: "presence:manage" },
  "group:delete": { input: deleteGroupSchema, result: returns<null>(), scope: "presence:manage" },
  "group:reorder": { input: reorderGroupsSchema, result: returns<null>(), scope: "presence:manage" },
  "contact:set-groups": { input: setContactGroupsSchema, result: returns<null>(), scope: "presence:manage" },

  "privacy:get": { input: emptySchema, result: returns<PrivacySettings>(), scope: "presence:read" },
  "privacy:set-rules": { input: setAccessRulesSchema, result: returns<PrivacySettings>(), scope: "presence:manage" },
  "privacy:quick-rule": { input: quickRuleSchema, result: returns<PrivacySettings>(), scope: "presence:manage" },
  "privacy:set-invisible": { input: setInvisibleSchema, result: returns<PrivacySettings>(), scope: "presence:manage" },
  "privacy:set-retention": { input: setRetentionSchema, result: returns<PrivacySettings>(), scope: "presence:manage" },
  "privacy:set-visibility": { input: setVisibilitySchema, result: returns<PrivacySettings>(), scope: "presence:manage" },
  "privacy:preview": { input: previewSchema, result: returns<PresencePreview>(), scope: "presence:read" },
  "watchers:get": { input: emptySchema, result: returns<WatcherInformation>(), scope: "presence:read" },
  "user:suggest": { input: userSearchSchema, result: returns<UserSuggestion[]>(), scope: "presence:read" },

  // Managing tokens needs a browser session, so a token can never mint or revoke tokens.
  "token:create": { input: createTokenSchema, result: returns<CreatedAccessToken>(), scope: "session" },
  "token:list": { input: emptySchema, result: returns<AccessTokenSummary[]>(), scope: "session" },
  "token:revoke": { input: revokeTokenSchema, result: returns<null>(), scope: "session" },

  "im:send": { input: sendMessageSchema, result: returns<InstantMessage>(), scope: "messages" },
  "im:delivery-notice": { input: deliveryNoticeSchema, result: returns<DeliveryNotice>(), scope: "messages" },
  "im:typing": { input: typingSchema, result: returns<null>(), scope: "messages" },
  "im:confirm-delivery": { input: confirmDeliverySchema, result: returns<null>(), scope: "messages" },
  "im:read": { input: markReadSchema, result: returns<ConversationSummary | null>(), scope: "messages" },
  "im:conversations": { input: emptySchema, result: returns<ConversationSummary[]>(), scope: "messages" },
  "im:history": { input: historySchema, result: returns<MessagePage>(), scope: "messages" },
  "im:sync": { input: syncSchema, result: returns<SyncPage>(), scope: "messages" },
  "im:search": { input: searchMessagesSchema, result: returns<MessagePage>(), scope: "messages" },
  "im:respond-request": { input: respondRequestSchema, result: returns<ConversationSummary | null>(), scope: "messages" },
  "im:delete": { input: deleteMessagesSchema, result: returns<null>(), scope: "messages" },
  "im:delete-conversation": { input: peerSchema, result: returns<null>(), scope: "messages" },
  "im:set-conversation": { input: setConversationSchema, result: returns<ConversationSummary>(), scope: "messages" },
  "im:get-settings": { input: emptySchema, result: returns<InboxSettings>(), scope: "messages" },
  "im:set-settings": { input: setInboxSettingsSchema, result: returns<InboxSettings>(), scope: "messages" },
  "im:react": { input: reactSchema, result: returns<InstantMessage>(), scope: "messages" },
  "im:edit": { input: editMessageSchema, result: returns<InstantMessage>(), scope: "messages" },
  "im:retract": { input: retractMessageSchema, result: returns<InstantMessage>(), scope: "messages" },

  // Group conversations (groups.ts). Named `groupchat:`, not `group:`: `group:create`,
  // `group:rename` and `group:delete` are the buddy list's contact groups.
  "groupchat:list": { input: emptySchema, result: returns<GroupSnapshot>(), scope: "messages" },
  "groupchat:get": { input: groupTargetSchema, result: returns<GroupSummary>(), scope: "messages" },
  "groupchat:create": { input: createGroupConversationSchema, result: returns<GroupSummary>(), scope: "messages" },
  "groupchat:add": { input: addGroupMembersSchema, result: returns<GroupSummary>(), scope: "messages" },
  "groupchat:remove": { input: groupMemberSchema, result: returns<GroupSummary>(), scope: "messages" },
  "groupchat:set-admin": { input: setGroupAdminSchema, result: returns<GroupSummary>(), scope: "messages" },
  "groupchat:rename": { input: renameGroupConversationSchema, result: returns<GroupSummary>(), scope: "messages" },
  "groupchat:leave": { input: groupTargetSchema, result: returns<null>(), scope: "messages" },
  "groupchat:delete": { input: groupTargetSchema, result: returns<null>(), scope: "messages" },
  "groupchat:respond": { input: respondGroupRequestSchema, result: returns<GroupSummary | null>(), scope: "messages" },
  "groupchat:set-flags": { input: setGroupFlagsSchema, result: returns<GroupSummary>(), scope: "messages" },
  "groupchat:send": { input: sendGroupMessageSchema, result: returns<GroupMessageView>(), scope: "messages" },
  "groupchat:history": { input: groupHistorySchema, result: returns<GroupMessagePage>(), scope: "messages" },
  "groupchat:sync": { input: groupSyncSchema, result: returns<GroupSyncPage>(), scope: "messages" },
  "groupchat:read": { input: groupProgressSchema, result: returns<GroupSummary>(), scope: "messages" },
  "groupchat:delivered": { input: groupProgressSchema, result: returns<null>(), scope: "messages" },
  "groupchat:typing": { input: groupTypingSchema, result: returns<null>(), scope: "messages" },
  "groupchat:receipts": { input: groupReceiptsSchema, result: returns<GroupReceipts>(), scope: "messages" },
  "groupchat:react": { input: reactSchema, result: returns<GroupMessageView>(), scope: "messages" },
  "groupchat:edit": { input: editMessageSchema, result: returns<GroupMessageView>(), scope: "messages" },
  "groupchat:retract": { input: retractMessageSchema, result: returns<GroupMessageView>(), scope: "messages" },

  // A tab's word about its screen, which holds back Web Push: a browser's, never a bot's.
  "tab:set-visibility": { input: setTabVisibilitySchema, result: returns<null>(), scope: "session" },
} satisfies Record<string, CommandSpec>;

export type Commands = typeof commands;
export type CommandName = keyof Commands;
/** The payload as a client sends it (before defaults and transforms). */
export type CommandInput<E extends CommandName> = z.input<Commands[E]["input"]>;
/** The payload as the server's handler receives it (validated, defaults applied). */
export type CommandPayload<E extends CommandName> = z.output<Commands[E]["input"]>;
export type CommandResult<E extends CommandName> = Commands[E]["result"] extends Returns<infer Result> ? Result : never;

/** A payload may be left out where the schema accepts none (`emptySchema`). */
export type CommandArgs<E extends CommandName> =
  undefined extends CommandInput<E> ? [payload?: CommandInput<E>] : [payload: CommandInput<E>];

/** A command as a socket event: one payload and an ack (socket.io's typed-events shape). */
export type CommandEvents = {
  [E in CommandName]: (payload: CommandInput<E>, ack: (response: Ack<CommandResult<E>>) => void) => void;
};

/** The scope each command needs when the socket was opened with a token. */
export const COMMAND_SCOPES = Object.fromEntries(
  Object.entries(commands).map(([event, spec]) => [event, spec.scope]),
) as { [E in CommandName]: Commands[E]["scope"] };
