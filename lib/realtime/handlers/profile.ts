import { setDisplayNameSchema } from "@/lib/protocol";
import { command } from "../command";
import type { HandlerContext } from "./context";
import { userRoom } from "../types";

export function registerProfileHandlers({ socket, io, services, logger }: HandlerContext) {
  socket.on(
    "profile:set-display-name",
    command(socket, logger, "profile:set-display-name", setDisplayNameSchema, async ({ displayName }) => {
      const user = await services.accounts.setDisplayName(socket.data.user, displayName);
      socket.data.user.displayName = user.displayName;
      io.to(userRoom(user.id)).emit("profile:changed", user);
      return user;
    }),
  );
}
