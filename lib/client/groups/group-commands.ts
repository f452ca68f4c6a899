// The group-conversation commands as this client sends them, in one table: their payloads
// (typed from the schemas in lib/protocol/groups.ts) and what their acks carry. Every sender in
// lib/client/groups goes through `sendGroupCommand`, so the wire names live here only.
import type { z } from "zod";
import type { Ack } from "@/lib/protocol/errors";
import type { CommandInput, CommandName, CommandResult } from "@/lib/protocol/commands";
import type { GroupMessageView } from "@/lib/protocol/groups";
import type { editMessageSchema, reactSchema, retractMessageSchema } from "@/lib/protocol/message-changes";
import { COMMAND_TIMEOUT_MS, NO_ANSWER } from "@/lib/client/connection/commands";
import type { ClientSocket } from "@/lib/client/connection/connection";

type Spec<Schema extends z.ZodType, Result> = { input: z.input<Schema>; result: Result };

/** The socket event of each command (the table in lib/protocol/commands.ts types them). */
const TABLE = {
  create: "groupchat:create",
  add: "groupchat:add",
  remove: "groupchat:remove",
  "set-admin": "groupchat:set-admin",
  rename: "groupchat:rename",
  leave: "groupchat:leave",
  delete: "groupchat:delete",
  respond: "groupchat:respond",
  send: "groupchat:send",
  history: "groupchat:history",
  sync: "groupchat:sync",
  read: "groupchat:read",
  delivered: "groupchat:delivered",
  typing: "groupchat:typing",
  "set-flags": "groupchat:set-flags",
  receipts: "groupchat:receipts",
} as const satisfies Record<string, CommandName>;

/**
 * Changes to a group message, sent when the server has them (they are not in the command table
 * yet: until then the server answers `unknown_event`, which the view shows as an error).
 */
const PROVISIONAL = { react: "groupchat:react", edit: "groupchat:edit", retract: "groupchat:retract" } as const;
type Provisional = {
  react: Spec<typeof reactSchema, GroupMessageView>;
  edit: Spec<typeof editMessageSchema, GroupMessageView>;
  retract: Spec<typeof retractMessageSchema, GroupMessageView>;
};

export type GroupCommands = {
  [K in keyof typeof TABLE]: { input: CommandInput<(typeof TABLE)[K]>; result: CommandResult<(typeof TABLE)[K]> };
} & Provisional;
export type GroupCommandName = keyof GroupCommands;

export const GROUP_COMMAND_EVENTS: { [K in GroupCommandName]: string } = { ...TABLE, ...PROVISIONAL };

/** What the group client needs of the socket (the tab's, or a test's fake). */
export type GroupSocket = Pick<ClientSocket, "on" | "off" | "timeout" | "connected">;

/** Sends one command and waits for its ack; no answer in time ends as NO_ANSWER, never a hang. */
export async function sendGroupCommand<K extends GroupCommandName>(
  socket: Pick<GroupSocket, "timeout">,
  command: K,
  payload: GroupCommands[K]["input"],
): Promise<Ack<GroupCommands[K]["result"]>> {
  try {
    const timed = socket.timeout(COMMAND_TIMEOUT_MS) as unknown as {
      emitWithAck(event: string, payload: unknown): Promise<Ack<GroupCommands[K]["result"]>>;
    };
    return await timed.emitWithAck(GROUP_COMMAND_EVENTS[command], payload);
  } catch {
    return { ok: false, error: NO_ANSWER };
  }
}
