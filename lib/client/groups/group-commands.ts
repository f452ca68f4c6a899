// The group-conversation commands as this client sends them, in one table: their payloads
// (typed from the schemas in lib/protocol/groups.ts) and what their acks carry. Every sender in
// lib/client/groups goes through `sendGroupCommand`, so the wire names live here only.
import type { z } from "zod";
import type { Ack } from "@/lib/protocol/errors";
import type {
  addGroupMembersSchema,
  createGroupConversationSchema,
  GroupMessagePage,
  GroupMessageView,
  GroupReceipts,
  GroupSummary,
  GroupSyncPage,
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
} from "@/lib/protocol/groups";
import type { editMessageSchema, reactSchema, retractMessageSchema } from "@/lib/protocol/message-changes";
import { COMMAND_TIMEOUT_MS, NO_ANSWER } from "@/lib/client/connection/commands";

type Spec<Schema extends z.ZodType, Result> = { input: z.input<Schema>; result: Result };

export type GroupCommands = {
  create: Spec<typeof createGroupConversationSchema, GroupSummary>;
  add: Spec<typeof addGroupMembersSchema, unknown>;
  remove: Spec<typeof groupMemberSchema, unknown>;
  "set-admin": Spec<typeof setGroupAdminSchema, unknown>;
  rename: Spec<typeof renameGroupConversationSchema, unknown>;
  leave: Spec<typeof groupTargetSchema, unknown>;
  delete: Spec<typeof groupTargetSchema, unknown>;
  respond: Spec<typeof respondGroupRequestSchema, unknown>;
  send: Spec<typeof sendGroupMessageSchema, GroupMessageView>;
  history: Spec<typeof groupHistorySchema, GroupMessagePage>;
  sync: Spec<typeof groupSyncSchema, GroupSyncPage>;
  read: Spec<typeof groupProgressSchema, unknown>;
  delivered: Spec<typeof groupProgressSchema, unknown>;
  typing: Spec<typeof groupTypingSchema, unknown>;
  "set-flags": Spec<typeof setGroupFlagsSchema, unknown>;
  receipts: Spec<typeof groupReceiptsSchema, GroupReceipts>;
  react: Spec<typeof reactSchema, GroupMessageView>;
  edit: Spec<typeof editMessageSchema, GroupMessageView>;
  retract: Spec<typeof retractMessageSchema, GroupMessageView>;
};
export type GroupCommandName = keyof GroupCommands;

/** The socket event of each command. */
export const GROUP_COMMAND_EVENTS: { [K in GroupCommandName]: string } = {
  create: "group:create",
  add: "group:add",
  remove: "group:remove",
  "set-admin": "group:set-admin",
  rename: "group:rename",
  leave: "group:leave",
  delete: "group:delete",
  respond: "group:respond",
  send: "group:send",
  history: "group:history",
  sync: "group:sync",
  read: "group:read",
  delivered: "group:delivered",
  typing: "group:typing",
  "set-flags": "group:set-flags",
  receipts: "group:receipts",
  react: "group:react",
  edit: "group:edit",
  retract: "group:retract",
};

/** What a group command needs of the socket (the tab's, or a test's fake). */
export type GroupSocket = {
  connected: boolean;
  timeout(ms: number): unknown;
  on(event: string, listener: (payload: never) => void): unknown;
  off(event: string, listener: (payload: never) => void): unknown;
};

/** Sends one command and waits for its ack; no answer in time ends as NO_ANSWER, never a hang. */
export async function sendGroupCommand<K extends GroupCommandName>(
  socket: Pick<GroupSocket, "timeout">,
  command: K,
  payload: GroupCommands[K]["input"],
): Promise<Ack<GroupCommands[K]["result"]>> {
  try {
    const timed = socket.timeout(COMMAND_TIMEOUT_MS) as {
      emitWithAck(event: string, payload: unknown): Promise<Ack<GroupCommands[K]["result"]>>;
    };
    return await timed.emitWithAck(GROUP_COMMAND_EVENTS[command], payload);
  } catch {
    return { ok: false, error: NO_ANSWER };
  }
}
