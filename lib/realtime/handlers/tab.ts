// What a tab says about itself: whether it is on screen. A visible tab joins the account's
// `visible:` room, which the push service asks before sending a Web Push (a tab that shows the
// message needs no notification). A tab that never says counts as hidden (bots have no screen).
import type { SomeCommandHandlers } from "../command";
import { visibleTabRoom } from "../types";

export const tabHandlers = {
  "tab:set-visibility": async ({ visible }, { socket, user }) => {
    if (visible) await socket.join(visibleTabRoom(user.id));
    else await socket.leave(visibleTabRoom(user.id));
    return null;
  },
} satisfies SomeCommandHandlers;
