// XEP-0045 rooms of the group conversations, from the client's side: join and leave (presence to
// `<groupId>@groups.<domain>/<nick>`), groupchat messages (the group service's send), and service
// discovery of the service and its rooms. Who is a member, who may send and what each sees are
// the group services' decisions; a group the asker is not in and one that does not exist get the
// same answer (item-not-found), so a room's existence is never told to a non-member.
import xml from "@xmpp/xml";
import { ErrorCode, ServiceError } from "@/lib/protocol/errors";
import { type GroupSummary, renameGroupConversationSchema } from "@/lib/protocol/groups";
import { clientMessageId } from "../client-id";
import {
  historySince,
  historyWanted,
  joinRefusal,
  type MucAddress,
  mucAddress,
  mucDomain,
  ROOM_FEATURES,
  roomJid,
  SERVICE_FEATURES,
  shownInRoom,
} from "../muc";
import { bounce, errorElement, StanzaError } from "../outbound";
import { NS, type IqStanza, type MessageStanza, type PresenceStanza } from "../stanza";
import { uploadsNamedIn } from "../upload-message";
import type { HandlerContext } from "./context";
import { stanzaErrorOf } from "./errors";

const noSuchRoom = () => new StanzaError("item-not-found", "cancel");
/** How far back a join looks for the messages it shows (system lines are not shown). */
const HISTORY_LOOKBACK = 100;

/**
 * The group as the asker sees it, if it is a member of it or is asked to join it (the invitation
 * named the room, and clients look at a room before joining it); null for anything else alike.
 */
async function memberView(groupId: string | null, { session, services }: HandlerContext): Promise<GroupSummary | null> {
  if (!groupId) return null;
  const summary = await services.groups.get(session.user, { groupId }).catch(() => null);
  return summary?.state === "member" || summary?.state === "request" ? summary : null;
}

/** The room an iq names, as its asker sees it (memberView); item-not-found for anything else alike. */
async function askedRoom(address: MucAddress, context: HandlerContext): Promise<GroupSummary> {
  const summary = address?.kind === "room" && address.nick === null ? await memberView(address.groupId, context) : null;
  if (!summary) throw noSuchRoom();
  return summary;
}

async function join(presence: PresenceStanza, groupId: string | null, nick: string | null, context: HandlerContext) {
  const { session, services } = context;
  let summary = await memberView(groupId, context);
  // A group that waits for the account's answer: joining it is accepting it, as the web app's
  // "accept" (the XEP-0249 invitation's join button is that answer).
  if (summary?.state === "request") {
    summary = await services.groups.respond(session.user, { groupId: summary.id, action: "accept" }).catch(() => null);
  }
  if (!summary || summary.state !== "member") {
    session.send(joinRefusal({ from: presence.to!, to: session.jid, id: presence.id }, errorElement(noSuchRoom())));
    return;
  }
  const rooms = session.rooms;
  rooms.joining(summary);
  try {
    const wanted = historyWanted(presence.muc?.history);
    const page = wanted > 0 ? await services.groupMessaging.history(session.user, { groupId: summary.id, limit: HISTORY_LOOKBACK }) : { messages: [] };
    // A client that rejoins asks for what came since it last saw the room (`since`/`seconds`).
    const since = historySince(presence.muc?.history, Date.now());
    const history = page.messages
      .filter((message) => shownInRoom(message) && (since === null || Date.parse(message.sentAt) > since))
      .slice(0, wanted)
      .reverse();
    rooms.enter(summary, history, nick);
  } catch (error) {
    rooms.abandon(summary.id);
    throw error;
  }
}

export async function mucPresenceHandler(presence: PresenceStanza, context: HandlerContext): Promise<void> {
  const address = mucAddress(presence.to, context.domain);
  if (address?.kind !== "room") return;
  const { rooms } = context.session;
  if (presence.type === "unavailable") {
    if (address.groupId) rooms.leave(address.groupId);
    return;
  }
  if (presence.type !== "available") return;
  const joined = address.groupId !== null && rooms.joined(address.groupId);
  // A presence update to a room one is in changes nothing (one occupant per member, always
  // available); a join element asks for the room again (a client that lost track of it).
  if (joined && !presence.muc) return;
  try {
    await join(presence, address.groupId, address.nick, context);
  } catch (error) {
    context.logger.warn({ err: error }, "XMPP room join failed");
    const failed = errorElement(new StanzaError("internal-server-error", "wait"));
    context.session.send(joinRefusal({ from: presence.to!, to: context.session.jid, id: presence.id }, failed));
  }
}

const refusal = (error: unknown) => {
  if (error instanceof ServiceError && error.code === ErrorCode.not_found) return new StanzaError("not-acceptable", "cancel", "You are not in this group.");
  if (error instanceof ServiceError && error.code === ErrorCode.forbidden) return new StanzaError("forbidden", "auth", error.message);
  return stanzaErrorOf(error, "message");
};

export async function mucMessageHandler(message: MessageStanza, context: HandlerContext): Promise<void> {
  const { session, services, domain } = context;
  const address = mucAddress(message.to, domain);
  if (message.type === "error" || !address) return;
  const refuse = (error: StanzaError) => session.send(bounce("message", message, session.jid, error));
  // Private messages between occupants, mediated invitations and messages to the service are not offered.
  if (address.kind !== "room" || message.type !== "groupchat" || address.nick !== null) {
    return refuse(new StanzaError("feature-not-implemented", "cancel"));
  }
  // Not in the room: a member who did not join, a non-member and a missing room alike.
  const groupId = address.groupId;
  if (!groupId || !session.rooms.joined(groupId)) return refuse(new StanzaError("not-acceptable", "cancel", "Join the room first."));
  if (message.subject !== undefined && (message.body === undefined || message.body.trim() === "")) return setSubject(message, groupId, context);
  if (message.body === undefined || message.body.trim() === "") {
    if (message.chatState) {
      await services.groupMessaging.typing(session.user, { groupId, typing: message.chatState === "composing" }).catch(() => {});
    }
    return;
  }
  try {
    const attachments = await uploadsNamedIn(`${message.body} ${message.oobUrl ?? ""}`, session.user.id, { services, domain });
    const clientId = clientMessageId(session.user.id, message.originId ?? message.id);
    const sent = await services.groupMessaging.send(session.user, { groupId, clientId, body: message.body, attachments }, session.connectionId);
    session.rooms.reflect(sent, { id: message.id, originId: message.originId });
  } catch (error) {
    refuse(refusal(error));
  }
}

/**
 * A new subject (XEP-0045 §8.1) is renaming the group, under the web app's rules (its creator and
 * admins; the name checked as the rename command's): the new subject reaches every occupant as
 * the rename does. Refused: forbidden, or not-acceptable for a name the web app would not take.
 */
async function setSubject(message: MessageStanza, groupId: string, { session, services }: HandlerContext) {
  const refuse = (error: StanzaError) => session.send(bounce("message", message, session.jid, error));
  const input = renameGroupConversationSchema.safeParse({ groupId, name: message.subject });
  if (!input.success) return refuse(new StanzaError("not-acceptable", "modify", input.error.issues[0]?.message));
  try {
    await services.groups.rename(session.user, input.data);
  } catch (error) {
    refuse(refusal(error));
  }
}

/** disco#info of the service (XEP-0045 §6.1) or of a room the asker is a member of (§6.4). */
export async function mucDiscoInfo(iq: IqStanza, context: HandlerContext) {
  const address = mucAddress(iq.to, context.domain);
  if (address?.kind === "service") {
    return xml(
      "query",
      { xmlns: NS.discoInfo },
      xml("identity", { category: "conference", type: "text", name: "Group conversations" }),
      ...SERVICE_FEATURES.map((feature) => xml("feature", { var: feature })),
    );
  }
  const summary = await askedRoom(address, context);
  return xml(
    "query",
    { xmlns: NS.discoInfo },
    xml("identity", { category: "conference", type: "text", name: summary.title }),
    ...ROOM_FEATURES.map((feature) => xml("feature", { var: feature })),
  );
}

/** disco#items of the service: the asker's own groups (rooms are hidden from everyone else). */
export async function mucDiscoItems(iq: IqStanza, context: HandlerContext) {
  const address = mucAddress(iq.to, context.domain);
  if (address?.kind === "service") {
    const { groups } = await context.services.groups.snapshot(context.session.user);
    return xml(
      "query",
      { xmlns: NS.discoItems },
      ...groups.filter((group) => group.state === "member").map((group) => xml("item", { jid: roomJid(group.id, context.domain), name: group.title })),
    );
  }
  // A room lists no items (its occupants are in the presence a join brings).
  await askedRoom(address, context);
  return xml("query", { xmlns: NS.discoItems });
}

/** The MUC service's entry in the server's disco#items. */
export const mucServiceItem = (domain: string) => xml("item", { jid: mucDomain(domain), name: "Group conversations" });
