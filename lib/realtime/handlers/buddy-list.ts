// The WATCHER USER AGENT's commands: subscriptions and contact groups.
import {
  createGroupSchema,
  deleteGroupSchema,
  renameGroupSchema,
  reorderGroupsSchema,
  respondSubscriptionSchema,
  setContactGroupsSchema,
  usernameTargetSchema,
} from "@/lib/protocol";
import { handle, registerCommands } from "../command";
import type { HandlerContext } from "./context";

export function registerBuddyListHandlers({ socket, services, logger }: HandlerContext) {
  const { subscriptions } = services;
  const user = socket.data.user;
  const done = () => null;
  registerCommands(socket, logger, {
    "subscription:request": handle(usernameTargetSchema, ({ username }) => subscriptions.request(user, username)),
    "subscription:respond": handle(respondSubscriptionSchema, ({ username, approve }) =>
      subscriptions.respond(user, username, approve),
    ),
    "subscription:remove": handle(usernameTargetSchema, ({ username }) => subscriptions.remove(user, username).then(done)),
    "group:create": handle(createGroupSchema, ({ name }) => subscriptions.createGroup(user, name)),
    "group:rename": handle(renameGroupSchema, ({ groupId, name }) => subscriptions.renameGroup(user, groupId, name).then(done)),
    "group:delete": handle(deleteGroupSchema, ({ groupId }) => subscriptions.deleteGroup(user, groupId).then(done)),
    "group:reorder": handle(reorderGroupsSchema, ({ groupIds }) => subscriptions.reorderGroups(user, groupIds).then(done)),
    "contact:set-groups": handle(setContactGroupsSchema, ({ username, groupIds }) =>
      subscriptions.setContactGroups(user, username, groupIds).then(done),
    ),
  });
}
