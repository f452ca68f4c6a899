// The INSTANT MESSAGE SERVICE's commands: the sender user agent (send, typing, receipts) and
// the inbox user agent (conversations, history, catch-up, requests, deletion, search,
// delivery-rule settings). The sender and the inbox owner are always this socket's account.
import {
  confirmDeliverySchema,
  deleteMessagesSchema,
  emptySchema,
  historySchema,
  markReadSchema,
  peerSchema,
  respondRequestSchema,
  searchMessagesSchema,
  sendMessageSchema,
  setInboxSettingsSchema,
  syncSchema,
  typingSchema,
} from "@/lib/protocol";
import { type CommandTable, handle } from "../command";

const done = () => null;

export const imCommands = {
  "im:send": handle(sendMessageSchema, (input, { services, user, socket }) => services.messaging.send(user, input, socket.id)),
  "im:typing": handle(typingSchema, (input, { services, user }) => services.messaging.typing(user, input).then(done)),
  "im:confirm-delivery": handle(confirmDeliverySchema, ({ ids }, { services, user }) =>
    services.messaging.confirmDelivery(user, ids).then(done),
  ),
  "im:read": handle(markReadSchema, (input, { services, user }) => services.messaging.markRead(user, input)),
  "im:conversations": handle(emptySchema, (_input, { services, user }) => services.inbox.conversations(user)),
  "im:history": handle(historySchema, (input, { services, user }) => services.inbox.history(user, input)),
  "im:sync": handle(syncSchema, (input, { services, user }) => services.inbox.sync(user, input)),
  "im:search": handle(searchMessagesSchema, (input, { services, user }) => services.inbox.search(user, input)),
  "im:respond-request": handle(respondRequestSchema, (input, { services, user }) => services.inbox.respondRequest(user, input)),
  "im:delete": handle(deleteMessagesSchema, ({ ids }, { services, user }) => services.inbox.deleteMessages(user, ids).then(done)),
  "im:delete-conversation": handle(peerSchema, ({ peer }, { services, user }) =>
    services.inbox.deleteConversation(user, peer).then(done),
  ),
  "im:get-settings": handle(emptySchema, (_input, { services, user }) => services.inbox.settings(user)),
  "im:set-settings": handle(setInboxSettingsSchema, (changes, { services, user }) => services.inbox.setSettings(user, changes)),
} satisfies CommandTable;
