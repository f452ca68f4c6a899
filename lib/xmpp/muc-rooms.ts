// The rooms (XEP-0045) an XMPP session has joined, and how the group services' notifications
// become room traffic for it: messages as groupchat, typing as chat states, member changes as occupant presence, a new
// name as a new subject, a new group as a XEP-0249 invitation. Who is in a group and what each
// member sees was decided by the group services; this only renders it.
import type { Element } from "@xmpp/xml";
import type { GroupMemberView, GroupMessageView, GroupReceived, GroupSummary, GroupTypingNotice } from "@/lib/protocol/groups";
import {
  directInvitation,
  groupchatMessage,
  groupchatState,
  mucDomain,
  occupantChanges,
  occupantPresence,
  occupantsOf,
  shownInRoom,
  subjectMessage,
} from "./muc";

type Room = {
  members: GroupMemberView[];
  title: string;
  /** While the join is being answered: live messages wait here, to follow the history. */
  pending: GroupMessageView[] | null;
};

export type MucRooms = ReturnType<typeof createMucRooms>;

export function createMucRooms(deps: {
  username: string;
  jid: string;
  domain: string;
  /** `onDelivered`: the client has it (at once, or on its ack under stream management). */
  send: (stanza: Element, onDelivered?: () => void) => void;
  /** A device of the account has the group's messages up to a seq (the web app's "delivered"). */
  delivered: (groupId: string, upToSeq: number) => void;
}) {
  const { username, jid, domain, send } = deps;
  const rooms = new Map<string, Room>();
  /** Members removed (not left) by the latest system lines seen, per group: their presence says 321. */
  const removed = new Map<string, Set<string>>();
  /** Groups the account is in or asked to join, once known: a group new to it brings an invitation. */
  let known: Set<string> | null = null;
  /** Groups this session was invited to already (an add is told both as a line and as a change). */
  const invited = new Set<string>();

  function invite(groupId: string, from: string, reason: string | undefined) {
    // Only from initial presence on (the groups are known then), as subscription requests.
    if (!known || invited.has(groupId) || rooms.has(groupId)) return;
    invited.add(groupId);
    send(directInvitation({ groupId, from, to: jid, domain, reason }));
  }

  function sendMessage(message: GroupMessageView, delayed: boolean) {
    const onDelivered = message.direction === "incoming" ? () => deps.delivered(message.groupId, message.seq) : undefined;
    send(groupchatMessage(message, jid, domain, { delayed }), onDelivered);
  }

  /** The account's own unavailable presence in a room (110, and 321 when removed). */
  const ownDeparture = (groupId: string, wasRemoved: boolean) =>
    occupantPresence({ groupId, member: { username, role: "member" }, to: jid, domain, gone: true, codes: wasRemoved ? [110, 321] : [110] });

  /** The account is out of a room it was in: it is told so. */
  function selfGone(groupId: string, wasRemoved: boolean) {
    if (rooms.delete(groupId)) send(ownDeparture(groupId, wasRemoved));
  }

  return {
    joined: (groupId: string) => rooms.has(groupId) && rooms.get(groupId)!.pending === null,
    /**
     * The groups the account is in, for invitations to groups new to it from here on; groups that
     * wait for its answer are invited to now, as waiting subscription requests are sent at sign-in.
     */
    knowGroups(rows: { groupId: string; state: "member" | "invited" }[]) {
      known = new Set([...(known ?? []), ...rows.map((row) => row.groupId)]);
      for (const groupId of rooms.keys()) known.add(groupId);
      for (const row of rows) if (row.state === "invited") invite(row.groupId, mucDomain(domain), undefined);
    },

    /** A join is being answered: live messages are held until the history is out. */
    joining(summary: GroupSummary) {
      rooms.set(summary.id, { members: summary.members, title: summary.title, pending: [] });
    },

    /**
     * XEP-0045 §7.2.3 order: the occupants, the joiner's own presence (110; 100 non-anonymous;
     * 210 when its nick is not the one asked for), history (§7.2.14), then the subject (§7.2.15).
     */
    enter(summary: GroupSummary, history: GroupMessageView[], askedNick: string | null) {
      const room = rooms.get(summary.id);
      const held = room?.pending ?? [];
      const members = room?.members ?? summary.members;
      const title = room?.title ?? summary.title;
      rooms.set(summary.id, { members, title, pending: null });
      const groupId = summary.id;
      const occupants = occupantsOf(members);
      for (const member of occupants) {
        if (member.username !== username) send(occupantPresence({ groupId, member, to: jid, domain }));
      }
      const me = occupants.find((member) => member.username === username) ?? { username, role: summary.role };
      const codes: (100 | 110 | 210)[] = [100, 110];
      if (askedNick !== username) codes.push(210);
      send(occupantPresence({ groupId, member: me, to: jid, domain, codes }));
      for (const message of history) sendMessage(message, true);
      const seen = new Set(history.map((message) => message.id));
      for (const message of held) if (!seen.has(message.id)) sendMessage(message, false);
      send(subjectMessage(groupId, title, jid, domain));
    },

    /** A join that was refused after all: nothing of it stays. */
    abandon(groupId: string) {
      if (rooms.get(groupId)?.pending) rooms.delete(groupId);
    },

    /** The occupant leaves (XEP-0045 §7.14); it is told so even when it was not in. */
    leave(groupId: string) {
      rooms.delete(groupId);
      send(ownDeparture(groupId, false));
    },

    /** The session went unavailable (or ended): out of every room, without a word (RFC 6121 §4.5.2). */
    leaveAll() {
      rooms.clear();
    },

    /** The account's own message, reflected with the ids its client gave it (§7.2.17). */
    reflect(message: GroupMessageView, ids: { id?: string; originId?: string }) {
      send(groupchatMessage(message, jid, domain, { id: ids.id, originId: ids.originId }));
    },

    received({ message }: GroupReceived) {
      // Added to a group (XEP-0249): the invitation comes from the one who added the account.
      if (message.event?.kind === "added" && message.event.subject === username) invite(message.groupId, `${message.event.actor}@${domain}`, undefined);
      if (message.event?.kind === "removed") {
        if (!removed.has(message.groupId)) removed.set(message.groupId, new Set());
        removed.get(message.groupId)!.add(message.event.subject);
      }
      const room = rooms.get(message.groupId);
      if (!room || !shownInRoom(message)) return;
      if (room.pending) room.pending.push(message);
      else sendMessage(message, false);
    },

    changed(summary: GroupSummary) {
      const groupId = summary.id;
      const isIn = summary.state === "member" || summary.state === "request";
      // A group waiting for the account's answer (its "added" line comes only once accepted), or
      // one new to it that came without an "added" line (made with it in): from the service.
      if (summary.state === "request" || (known && isIn && !known.has(groupId))) invite(groupId, mucDomain(domain), summary.title);
      if (known && isIn) known.add(groupId);
      if (!isIn) {
        known?.delete(groupId);
        invited.delete(groupId);
      }
      const room = rooms.get(groupId);
      const gone = removed.get(groupId) ?? new Set<string>();
      removed.delete(groupId);
      if (!room) return;
      if (summary.state !== "member") return selfGone(groupId, gone.has(username));
      const changes = occupantChanges(room.members, summary.members);
      const renamed = summary.title !== room.title;
      room.members = summary.members;
      room.title = summary.title;
      if (room.pending) return; // the join answers with these already
      for (const member of changes.came) {
        // One's own new affiliation is one's own presence (110).
        send(occupantPresence({ groupId, member, to: jid, domain, codes: member.username === username ? [110] : [] }));
      }
      for (const member of changes.gone) {
        send(occupantPresence({ groupId, member, to: jid, domain, gone: true, codes: gone.has(member.username) ? [321] : [] }));
      }
      if (renamed) send(subjectMessage(groupId, summary.title, jid, domain));
    },

    /** Typing reaches a joined room only (the group service chose who may see it). */
    typing(notice: GroupTypingNotice) {
      if (rooms.get(notice.groupId)?.pending === null) send(groupchatState(notice.groupId, notice.from, jid, domain, notice.typing));
    },

    removedFromList(groupId: string) {
      known?.delete(groupId);
      invited.delete(groupId);
      selfGone(groupId, removed.get(groupId)?.has(username) ?? false);
      removed.delete(groupId);
    },
  };
}
