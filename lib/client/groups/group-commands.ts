// The group-conversation commands as the group client sends them: short names for the
// `groupchat:*` entries of the command table (lib/protocol/commands.ts), which types their
// payloads and answers, sent with the same timeout as every command (sendCommand).
import type { Ack, CommandInput, CommandName, CommandResult } from "@/lib/protocol";
import { sendCommand } from "@/lib/client/connection/commands";
import type { ClientSocket } from "@/lib/client/connection/connection";

const EVENTS = {
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
  react: "groupchat:react",
  edit: "groupchat:edit",
  retract: "groupchat:retract",
} as const satisfies Record<string, CommandName>;

type Events = typeof EVENTS;
export type GroupCommandName = keyof Events;
export type GroupCommands = { [K in GroupCommandName]: { input: CommandInput<Events[K]>; result: CommandResult<Events[K]> } };

/** What the group client needs of the socket (the tab's, or a test's fake). */
export type GroupSocket = Pick<ClientSocket, "on" | "off" | "timeout" | "connected">;

/** Sends one command and waits for its ack; no answer in time ends as NO_ANSWER, never a hang. */
export function sendGroupCommand<K extends GroupCommandName>(
  socket: Pick<GroupSocket, "timeout">,
  command: K,
  payload: GroupCommands[K]["input"],
): Promise<Ack<GroupCommands[K]["result"]>> {
  // The table's generic signature cannot follow a mapped name; the result type is the table's.
  const send = sendCommand as (socket: Pick<GroupSocket, "timeout">, event: string, payload: unknown) => Promise<Ack<GroupCommands[K]["result"]>>;
  return send(socket, EVENTS[command], payload);
}
