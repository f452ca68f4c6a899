// Every socket command's handler, in one table joined with the protocol's (schema, scope): the
// server registers it, and the tests read each command's schema from lib/protocol/commands.ts.
import { bindCommands, type CommandHandlers } from "../command";
import { buddyListHandlers } from "./buddy-list";
import { groupHandlers } from "./groups";
import { imHandlers } from "./im";
import { presenceHandlers } from "./presence";
import { privacyHandlers } from "./privacy";
import { profileHandlers } from "./profile";
import { tabHandlers } from "./tab";
import { tokenHandlers } from "./tokens";

/** Required: a command declared in the protocol without a handler fails the type check. */
export const commandHandlers: CommandHandlers = {
  ...profileHandlers,
  ...presenceHandlers,
  ...buddyListHandlers,
  ...privacyHandlers,
  ...tokenHandlers,
  ...imHandlers,
  ...groupHandlers,
  ...tabHandlers,
};

export const commandTable = bindCommands(commandHandlers);
