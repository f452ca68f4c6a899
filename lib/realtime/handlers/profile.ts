import { setDisplayNameSchema } from "@/lib/protocol";
import { handle, registerCommands } from "../command";
import { userRoom } from "../types";
import type { HandlerContext } from "./context";

export function registerProfileHandlers({ socket, io, services, logger }: HandlerContext) {
  registerCommands(socket, logger, {
    "profile:set-display-name": handle(setDisplayNameSchema, async ({ displayName }) => {
      const user = await services.accounts.setDisplayName(socket.data.user, displayName);
      socket.data.user.displayName = user.displayName;
      io.to(userRoom(user.id)).emit("profile:changed", user);
      return user;
    }),
  });
}
