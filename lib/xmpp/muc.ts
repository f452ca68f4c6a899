// XEP-0045 Multi-User Chat as a view of the web app's group conversations: the service
// `groups.<domain>`, one members-only room per group (`<groupId>@groups.<domain>`), nicks that
// are usernames. Pure builders and parsers; the rules stay in the group services.
import xml, { type Element } from "@xmpp/xml";
import { z } from "zod";
import type { GroupMemberView, GroupMessageView, GroupRole } from "@/lib/protocol/groups";
import { parseJid } from "./jid";
import { NS } from "./stanza";

/** The room features (XEP-0045 §6.4): what every group is, not publicly listed; messages carry stanza-ids (XEP-0359 §4). */
export const ROOM_FEATURES = [NS.muc, "muc_membersonly", "muc_persistent", "muc_nonanonymous", "muc_hidden", NS.sid, NS.discoInfo];
export const SERVICE_FEATURES = [NS.muc, NS.discoInfo, NS.discoItems];

/** Messages a join brings at most (the member's own range still applies). */
export const JOIN_HISTORY_MAX = 20;

export const mucDomain = (domain: string) => `groups.${domain}`;
export const roomJid = (groupId: string, domain: string) => `${groupId.toLowerCase()}@${mucDomain(domain)}`;
export const occupantJid = (groupId: string, nick: string, domain: string) => `${roomJid(groupId, domain)}/${nick}`;

const groupIdSchema = z.uuid();

/** What a JID names on the MUC service: the service itself, a room (a group id, maybe with a nick), or nothing of it. */
export type MucAddress = { kind: "service" } | { kind: "room"; groupId: string | null; nick: string | null } | null;

export function mucAddress(text: string | undefined, domain: string): MucAddress {
  if (!text) return null;
  const jid = parseJid(text);
  if (!jid || jid.domain !== mucDomain(domain)) return null;
  if (jid.local === null) return jid.resource === null ? { kind: "service" } : { kind: "room", groupId: null, nick: null };
  // A local part that is no group id names a room that does not exist (answered as one that does, to a non-member).
  const id = groupIdSchema.safeParse(jid.local);
  return { kind: "room", groupId: id.success ? jid.local : null, nick: jid.resource };
}

/** XEP-0045 §5.2 affiliations from the group's roles. */
export function affiliationOf(role: GroupRole): "owner" | "admin" | "member" {
  return role === "creator" ? "owner" : role === "admin" ? "admin" : "member";
}

/** The members shown as occupants: those who accepted (a waiting request is no occupant). */
export const occupantsOf = (members: GroupMemberView[]) => members.filter((member) => member.state === "member");

type StatusCode = 100 | 110 | 210 | 307 | 321;

function userX(item: { affiliation: string; role: string; jid?: string }, codes: StatusCode[]): Element {
  return xml("x", { xmlns: NS.mucUser }, xml("item", item), ...codes.map((code) => xml("status", { code: String(code) })));
}

/** An occupant's presence: available (role participant) or gone (role and affiliation none). */
export function occupantPresence(input: {
  groupId: string;
  member: Pick<GroupMemberView, "username" | "role">;
  to: string;
  domain: string;
  gone?: boolean;
  codes?: StatusCode[];
}): Element {
  const { groupId, member, to, domain } = input;
  // Non-anonymous rooms (muc_nonanonymous) show every occupant's real JID.
  const item = input.gone
    ? { affiliation: "none", role: "none", jid: `${member.username}@${domain}` }
    : { affiliation: affiliationOf(member.role), role: "participant", jid: `${member.username}@${domain}` };
  return xml(
    "presence",
    { from: occupantJid(groupId, member.username, domain), to, type: input.gone ? "unavailable" : undefined },
    userX(item, input.codes ?? []),
  );
}

/** The room's subject (XEP-0045 §7.2.15): the group's title, in a message without a body. */
export function subjectMessage(groupId: string, title: string, to: string, domain: string): Element {
  return xml("message", { type: "groupchat", from: roomJid(groupId, domain), to, id: `subject-${groupId}` }, xml("subject", {}, title));
}

/**
 * A group message as the room's groupchat message from the sender's occupant JID, with the
 * group's message id as stanza-id by the room (XEP-0359 §5), and, for history, when it was sent.
 * The sender's own message reflected to it (§7.2.17) keeps the id and origin-id its client gave.
 */
export function groupchatMessage(
  message: Pick<GroupMessageView, "id" | "groupId" | "sender" | "body" | "sentAt">,
  to: string,
  domain: string,
  options: { delayed?: boolean; id?: string; originId?: string } = {},
): Element {
  const room = roomJid(message.groupId, domain);
  return xml(
    "message",
    { type: "groupchat", id: options.id ?? options.originId ?? message.id, from: `${room}/${message.sender}`, to },
    xml("body", {}, message.body),
    xml("stanza-id", { xmlns: NS.sid, id: message.id, by: room }),
    options.originId ? xml("origin-id", { xmlns: NS.sid, id: options.originId }) : null,
    options.delayed ? xml("delay", { xmlns: NS.delay, from: room, stamp: message.sentAt }) : null,
  );
}

/** A member's typing (XEP-0085 in a room): composing, or paused when it stopped. */
export function groupchatState(groupId: string, from: string, to: string, domain: string, typing: boolean): Element {
  return xml("message", { type: "groupchat", from: occupantJid(groupId, from, domain), to }, xml(typing ? "composing" : "paused", { xmlns: NS.chatStates }));
}

/** Whether a group message is one a room shows: not a system line, not hidden, not retracted. */
export const shownInRoom = (message: Pick<GroupMessageView, "event" | "hidden" | "retracted">) =>
  message.event === null && !message.hidden && !message.retracted;

/** A refused join (XEP-0045 §7.2.6 on): the presence error carries the join's `<x/>`, by which clients match it. */
export function joinRefusal(input: { from: string; to: string; id?: string }, error: Element): Element {
  return xml("presence", { type: "error", from: input.from, to: input.to, id: input.id }, xml("x", { xmlns: NS.muc }), error);
}

/** XEP-0249 direct invitation to a room. */
export function directInvitation(input: { groupId: string; from: string; to: string; domain: string; reason?: string }): Element {
  return xml(
    "message",
    { from: input.from, to: input.to },
    xml("x", { xmlns: NS.conference, jid: roomJid(input.groupId, input.domain), reason: input.reason }),
  );
}

/** How many history messages a join asks for (XEP-0045 §7.2.14): maxstanzas, or none for maxchars='0'. */
export function historyWanted(history: { maxstanzas?: string; maxchars?: string } | undefined): number {
  if (history?.maxchars !== undefined && Number(history.maxchars) === 0) return 0;
  const asked = history?.maxstanzas === undefined ? JOIN_HISTORY_MAX : Number(history.maxstanzas);
  if (!Number.isInteger(asked) || asked < 0) return JOIN_HISTORY_MAX;
  return Math.min(asked, JOIN_HISTORY_MAX);
}

/**
 * From when a join asks for history (§7.2.14): `since` (a XEP-0082 date and time) and `seconds`
 * back from now; both: the later. Null: no bound. A bound that is not a time is ignored.
 */
export function historySince(history: { seconds?: string; since?: string } | undefined, now: number): number | null {
  const bounds: number[] = [];
  const seconds = history?.seconds === undefined ? NaN : Number(history.seconds);
  if (Number.isFinite(seconds) && seconds >= 0) bounds.push(now - seconds * 1000);
  const since = history?.since === undefined ? NaN : Date.parse(history.since);
  if (Number.isFinite(since)) bounds.push(since);
  return bounds.length > 0 ? Math.max(...bounds) : null;
}

/** The members whose occupant presence changed between two member lists: came (or changed role), and gone. */
export function occupantChanges(before: GroupMemberView[], after: GroupMemberView[]) {
  const old = new Map(occupantsOf(before).map((member) => [member.username, member]));
  const now = new Map(occupantsOf(after).map((member) => [member.username, member]));
  const came = [...now.values()].filter((member) => old.get(member.username)?.role !== member.role);
  const gone = [...old.values()].filter((member) => !now.has(member.username));
  return { came, gone };
}
