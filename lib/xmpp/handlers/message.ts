// RFC 6121 §5 chat messages into the inbox: the same send as the web app's composer, with the
// client's origin-id (XEP-0359) or stanza id as the client id, so a retry is stored once.
// Delivery rules apply as for the web app; what they refuse bounces with a stanza error (an
// address that does not exist and a blocking owner alike: service-unavailable). A message
// without a body carrying a chat state (XEP-0085) is a typing notice.
import { clientMessageId } from "../client-id";
import { localAccount } from "../jid";
import { bounce, StanzaError } from "../outbound";
import { uploadsNamedIn } from "../upload-message";
import type { MessageHandler } from "./context";
import { stanzaErrorOf } from "./errors";

export const messageHandler: MessageHandler = async (message, { session, services, domain }) => {
  if (message.type === "error" || message.type === "groupchat" || message.type === "headline") return;
  const username = localAccount(message.to, domain);
  const { user } = session;
  const refuse = (error: StanzaError) => session.send(bounce("message", message, session.jid, error));
  if (!username) return refuse(new StanzaError("service-unavailable", "cancel"));
  if (message.body === undefined || message.body.trim() === "") {
    if (message.chatState) {
      await services.messaging.typing(user, { to: username, typing: message.chatState === "composing" }).catch(() => {});
    }
    return;
  }
  try {
    const attachments = await uploadsNamedIn(`${message.body} ${message.oobUrl ?? ""}`, user.id, { services, domain });
    await services.messaging.send(
      user,
      { to: username, clientId: clientMessageId(user.id, message.originId ?? message.id), body: message.body, attachments },
      session.connectionId,
    );
  } catch (error) {
    refuse(stanzaErrorOf(error, "message"));
  }
};
