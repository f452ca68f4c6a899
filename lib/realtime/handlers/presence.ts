// Presence commands: the PRESENCE USER AGENT (status, idle, tuples) and the fetcher.
import { emptySchema, setIdleSchema, setStatusSchema, setUserTuplesSchema, usernameTargetSchema } from "@/lib/protocol";
import { handle, registerCommands } from "../command";
import type { HandlerContext } from "./context";

export function registerPresenceHandlers({ socket, services, logger, device }: HandlerContext) {
  const { presence } = services;
  const user = socket.data.user;
  registerCommands(socket, logger, {
    "presence:set-status": handle(setStatusSchema, (input) => presence.setStatus(user, input)),
    "presence:clear-status": handle(emptySchema, () => presence.clearStatus(user)),
    "presence:set-idle": handle(setIdleSchema, async ({ idle }) => {
      await presence.setIdle(user.id, await device, idle);
      return null;
    }),
    "presence:set-tuples": handle(setUserTuplesSchema, (input) => presence.setUserTuples(user, input)),
    "presence:fetch": handle(usernameTargetSchema, ({ username }) => presence.fetch(user, username)),
  });
}
