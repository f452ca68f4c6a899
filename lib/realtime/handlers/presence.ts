// Presence commands: the PRESENCE USER AGENT (status, idle, tuples) and the fetcher.
import { emptySchema, setIdleSchema, setStatusSchema, setUserTuplesSchema, usernameTargetSchema } from "@/lib/protocol";
import { type CommandTable, handle } from "../command";

export const presenceCommands = {
  "presence:set-status": handle(setStatusSchema, (input, { services, user }) => services.presence.setStatus(user, input)),
  "presence:clear-status": handle(emptySchema, (_input, { services, user }) => services.presence.clearStatus(user)),
  "presence:set-idle": handle(setIdleSchema, async ({ idle }, { services, user, device }) => {
    await services.presence.setIdle(user.id, await device, idle);
    return null;
  }),
  "presence:set-tuples": handle(setUserTuplesSchema, (input, { services, user }) => services.presence.setUserTuples(user, input)),
  "presence:fetch": handle(usernameTargetSchema, ({ username }, { services, user }) => services.presence.fetch(user, username)),
} satisfies CommandTable;
