// The WATCHER USER AGENT's commands: subscriptions and contact groups.
import type { SomeCommandHandlers } from "../command";

const done = () => null;

export const buddyListHandlers = {
  "subscription:request": ({ username }, { services, user }) => services.subscriptions.request(user, username),
  "subscription:respond": ({ username, approve }, { services, user }) => services.subscriptions.respond(user, username, approve),
  "subscription:remove": ({ username }, { services, user }) => services.subscriptions.remove(user, username).then(done),
  "group:create": ({ name }, { services, user }) => services.subscriptions.createGroup(user, name),
  "group:rename": ({ groupId, name }, { services, user }) => services.subscriptions.renameGroup(user, groupId, name).then(done),
  "group:delete": ({ groupId }, { services, user }) => services.subscriptions.deleteGroup(user, groupId).then(done),
  "group:reorder": ({ groupIds }, { services, user }) => services.subscriptions.reorderGroups(user, groupIds).then(done),
  "contact:set-groups": ({ username, groupIds }, { services, user }) =>
    services.subscriptions.setContactGroups(user, username, groupIds).then(done),
} satisfies SomeCommandHandlers;
