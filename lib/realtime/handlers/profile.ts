// The profile: the socket keeps the new name for what it sends next; the account service
// tells every tab of the account (the notifier's `profile:changed`).
import type { SomeCommandHandlers } from "../command";

export const profileHandlers = {
  "profile:set-display-name": async ({ displayName }, { services, socket }) => {
    const user = await services.accounts.setDisplayName(socket.data.user, displayName);
    socket.data.user.displayName = user.displayName;
    return user;
  },
} satisfies SomeCommandHandlers;
