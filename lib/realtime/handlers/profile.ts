import { setDisplayNameSchema } from "@/lib/protocol";
import { type CommandTable, handle } from "../command";
import { userRoom } from "../types";

export const profileCommands = {
  "profile:set-display-name": handle(setDisplayNameSchema, async ({ displayName }, { services, socket, io }) => {
    const user = await services.accounts.setDisplayName(socket.data.user, displayName);
    socket.data.user.displayName = user.displayName;
    io.to(userRoom(user.id)).emit("profile:changed", user);
    return user;
  }),
} satisfies CommandTable;
