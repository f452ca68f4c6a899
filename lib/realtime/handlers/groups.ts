// Group conversations' commands (lib/protocol/groups.ts): one service call each, as the socket's account.
import type { SomeCommandHandlers } from "../command";

const done = () => null;

export const groupHandlers = {
  "groupchat:list": (_input, { services, user }) => services.groups.snapshot(user),
  "groupchat:get": (input, { services, user }) => services.groups.get(user, input),
  "groupchat:create": (input, { services, user }) => services.groups.create(user, input),
  "groupchat:add": (input, { services, user }) => services.groups.add(user, input),
  "groupchat:remove": (input, { services, user }) => services.groups.remove(user, input),
  "groupchat:set-admin": (input, { services, user }) => services.groups.setAdmin(user, input),
  "groupchat:rename": (input, { services, user }) => services.groups.rename(user, input),
  "groupchat:leave": (input, { services, user }) => services.groups.leave(user, input).then(done),
  "groupchat:delete": (input, { services, user }) => services.groups.deleteFromList(user, input).then(done),
  "groupchat:respond": (input, { services, user }) => services.groups.respond(user, input),
  "groupchat:set-flags": (input, { services, user }) => services.groups.setFlags(user, input),
  "groupchat:send": (input, { services, user, socket }) => services.groupMessaging.send(user, input, socket.id),
  "groupchat:history": (input, { services, user }) => services.groupMessaging.history(user, input),
  "groupchat:sync": (input, { services, user }) => services.groupMessaging.sync(user, input),
  "groupchat:read": (input, { services, user }) => services.groupMessaging.markRead(user, input),
  "groupchat:delivered": (input, { services, user }) => services.groupMessaging.markDelivered(user, input).then(done),
  "groupchat:typing": (input, { services, user }) => services.groupMessaging.typing(user, input).then(done),
  "groupchat:receipts": (input, { services, user }) => services.groupMessaging.receipts(user, input),
  "groupchat:react": (input, { services, user, socket }) => services.groupChanges.react(user, input, socket.id),
  "groupchat:edit": (input, { services, user, socket }) => services.groupChanges.edit(user, input, socket.id),
  "groupchat:retract": (input, { services, user, socket }) => services.groupChanges.retract(user, input, socket.id),
} satisfies SomeCommandHandlers;
