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
import { type CommandTable, handle } from "../command";

const done = () => null;

export const buddyListCommands = {
  "subscription:request": handle(usernameTargetSchema, ({ username }, { services, user }) =>
    services.subscriptions.request(user, username),
  ),
  "subscription:respond": handle(respondSubscriptionSchema, ({ username, approve }, { services, user }) =>
    services.subscriptions.respond(user, username, approve),
  ),
  "subscription:remove": handle(usernameTargetSchema, ({ username }, { services, user }) =>
    services.subscriptions.remove(user, username).then(done),
  ),
  "group:create": handle(createGroupSchema, ({ name }, { services, user }) => services.subscriptions.createGroup(user, name)),
  "group:rename": handle(renameGroupSchema, ({ groupId, name }, { services, user }) =>
    services.subscriptions.renameGroup(user, groupId, name).then(done),
  ),
  "group:delete": handle(deleteGroupSchema, ({ groupId }, { services, user }) =>
    services.subscriptions.deleteGroup(user, groupId).then(done),
  ),
  "group:reorder": handle(reorderGroupsSchema, ({ groupIds }, { services, user }) =>
    services.subscriptions.reorderGroups(user, groupIds).then(done),
  ),
  "contact:set-groups": handle(setContactGroupsSchema, ({ username, groupIds }, { services, user }) =>
    services.subscriptions.setContactGroups(user, username, groupIds).then(done),
  ),
} satisfies CommandTable;
