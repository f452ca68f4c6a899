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
import { handle, registerCommands } from "../command";
import type { HandlerContext } from "./context";

export function registerImHandlers({ socket, services, logger }: HandlerContext) {
  const { messaging, inbox } = services;
  const user = socket.data.user;
  const done = () => null;
  registerCommands(socket, logger, {
    "im:send": handle(sendMessageSchema, (input) => messaging.send(user, input, socket.id)),
    "im:typing": handle(typingSchema, (input) => messaging.typing(user, input).then(done)),
    "im:confirm-delivery": handle(confirmDeliverySchema, ({ ids }) => messaging.confirmDelivery(user, ids).then(done)),
    "im:read": handle(markReadSchema, (input) => messaging.markRead(user, input)),
    "im:conversations": handle(emptySchema, () => inbox.conversations(user)),
    "im:history": handle(historySchema, (input) => inbox.history(user, input)),
    "im:sync": handle(syncSchema, (input) => inbox.sync(user, input)),
    "im:search": handle(searchMessagesSchema, (input) => inbox.search(user, input)),
    "im:respond-request": handle(respondRequestSchema, (input) => inbox.respondRequest(user, input)),
    "im:delete": handle(deleteMessagesSchema, ({ ids }) => inbox.deleteMessages(user, ids).then(done)),
    "im:delete-conversation": handle(peerSchema, ({ peer }) => inbox.deleteConversation(user, peer).then(done)),
    "im:get-settings": handle(emptySchema, () => inbox.settings(user)),
    "im:set-settings": handle(setInboxSettingsSchema, (changes) => inbox.setSettings(user, changes)),
  });
}
