// Every socket command the server answers, in one table: the server registers it, and the
// block oracle test reads each command's schema from it to find those that name a person.
import type { CommandTable } from "../command";
import { buddyListCommands } from "./buddy-list";
import { imCommands } from "./im";
import { presenceCommands } from "./presence";
import { privacyCommands } from "./privacy";
import { profileCommands } from "./profile";
import { tabCommands } from "./tab";
import { tokenCommands } from "./tokens";

/** Required: a command declared in the protocol without a handler fails the type check. */
export const commandTable = {
  ...profileCommands,
  ...presenceCommands,
  ...buddyListCommands,
  ...privacyCommands,
  ...tokenCommands,
  ...imCommands,
  ...tabCommands,
} satisfies Required<CommandTable>;
