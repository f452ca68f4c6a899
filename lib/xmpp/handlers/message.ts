// RFC 6121 §5 chat messages into the inbox: the same send as the web app's composer, with the
// client's origin-id (XEP-0359) or stanza id as the client id, so a retry is stored once.
// Delivery rules apply as for the web app; what they refuse bounces with a stanza error (an
// address that does not exist and a blocking owner alike: service-unavailable). A message
// without a body carries a chat state (XEP-0085: typing), or a receipt (XEP-0184) or chat
// marker (XEP-0333) for a message of the peer's: delivered, or read up to it. Those say nothing
// back either way, as their web counterparts. A message marked private (XEP-0280 §7) or no-copy
// (XEP-0334) is not copied to the account's other XMPP resources; its web tabs show it as always.
import { z } from "zod";
import { clientMessageId } from "../client-id";
import { localAccount } from "../jid";
import { bounce, StanzaError } from "../outbound";
import type { MessageStanza } from "../stanza";
import { uploadsNamedIn } from "../upload-message";
import type { HandlerContext, MessageHandler } from "./context";
import { stanzaErrorOf } from "./errors";

const messageId = z.uuid();

/** A receipt or marker: the message it names (one of the peer's, by the id we sent it with). */
async function marked(marker: NonNullable<MessageStanza["marker"]>, peer: string, { session, services }: HandlerContext) {
  const id = messageId.safeParse(marker.id);
  if (!id.success) return;
  if (marker.kind === "received") return services.messaging.confirmDelivery(session.user, [id.data]);
  const seq = await services.inbox.messageSeq(session.user, id.data);
  if (seq !== null) await services.messaging.markRead(session.user, { peer, upToSeq: seq });
}

export const messageHandler: MessageHandler = async (message, context) => {
  const { session, services, domain } = context;
  if (message.type === "error" || message.type === "groupchat" || message.type === "headline") return;
  const username = localAccount(message.to, domain);
  const { user } = session;
  const refuse = (error: StanzaError) => session.send(bounce("message", message, session.jid, error));
  if (!username) return refuse(new StanzaError("service-unavailable", "cancel"));
  if (message.body === undefined || message.body.trim() === "") {
    if (message.marker) await marked(message.marker, username, context).catch(() => {});
    if (message.chatState) {
      await services.messaging.typing(user, { to: username, typing: message.chatState === "composing" }).catch(() => {});
    }
    return;
  }
  try {
    const attachments = await uploadsNamedIn(`${message.body} ${message.oobUrl ?? ""}`, user.id, { services, domain });
    const clientId = clientMessageId(user.id, message.originId ?? message.id);
    const body = message.body;
    const send = () => services.messaging.send(user, { to: username, clientId, body, attachments }, session.connectionId);
    const sent = message.noCopies ? await services.xmppSessions.withoutCarbons(clientId, send) : await send();
    if (message.id) session.clientIds.remember(sent.id, message.id);
  } catch (error) {
    refuse(stanzaErrorOf(error, "message"));
  }
};
