// The INSTANT MESSAGE SERVICE's commands: the sender user agent (send, typing, receipts) and
// the inbox user agent (conversations, history, catch-up, requests, deletion, search,
// delivery-rule settings). The sender and the inbox owner are always this socket's account.
import type { SomeCommandHandlers } from "../command";

const done = () => null;

export const imHandlers = {
  "im:send": (input, { services, user, socket }) => services.messaging.send(user, input, socket.id),
  "im:delivery-notice": (input, { services, user }) => services.messaging.deliveryNotice(user, input),
  "im:typing": (input, { services, user }) => services.messaging.typing(user, input).then(done),
  "im:confirm-delivery": ({ ids }, { services, user }) => services.messaging.confirmDelivery(user, ids).then(done),
  "im:read": (input, { services, user }) => services.messaging.markRead(user, input),
  "im:conversations": (_input, { services, user }) => services.inbox.conversations(user),
  "im:history": (input, { services, user }) => services.inbox.history(user, input),
  "im:sync": (input, { services, user }) => services.inbox.sync(user, input),
  "im:search": (input, { services, user }) => services.inbox.search(user, input),
  "im:respond-request": (input, { services, user }) => services.inbox.respondRequest(user, input),
  "im:delete": ({ ids }, { services, user }) => services.inbox.deleteMessages(user, ids).then(done),
  "im:delete-conversation": ({ peer }, { services, user }) => services.inbox.deleteConversation(user, peer).then(done),
  "im:set-conversation": ({ peer, ...flags }, { services, user }) => services.inbox.setConversation(user, peer, flags),
  "im:get-settings": (_input, { services, user }) => services.inbox.settings(user),
  "im:set-settings": (changes, { services, user }) => services.inbox.setSettings(user, changes),
  "im:react": (input, { services, user, socket }) => services.messageChanges.react(user, input, socket.id),
  "im:edit": (input, { services, user, socket }) => services.messageChanges.edit(user, input, socket.id),
  "im:retract": (input, { services, user, socket }) => services.messageChanges.retract(user, input, socket.id),
} satisfies SomeCommandHandlers;
