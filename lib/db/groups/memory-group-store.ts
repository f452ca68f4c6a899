// The group conversation store in memory (the contract: group-store.ts), over the shared tables
// of memory-tables.ts: what the SQL of the Prisma store does, row by row. Stores at once.
import { copy, deleteWhere, type MemoryTables, sortBy } from "../memory-tables";
import {
  DuplicateGroupMessageError,
  type GroupConversationStore,
  type MemberRange,
  type MembershipChange,
  type NewGroupMessage,
  type StoredGroupChange,
  type StoredGroupMember,
  type StoredGroupMessage,
} from "./group-store";

/** Whether a seq is in a member's range (above what it cleared). */
export const inRange = (range: MemberRange, seq: number): boolean =>
  seq >= range.fromSeq && seq > range.clearedSeq && (range.untilSeq === null || seq <= range.untilSeq);

/** States that still get the messages of their range. */
const HOLDING = new Set(["member", "invited", "left", "removed"]);

export function createMemoryGroupConversationStore(tables: MemoryTables): GroupConversationStore {
  /** Logs a change with the group's newest seq; the actor of an edit or deletion is the sender. */
  function logChange(messageSeq: number, kind: StoredGroupChange["kind"], at: Date, actorId?: string): number {
    const message = tables.groupMessages.find((row) => row.seq === messageSeq);
    if (!message) throw new Error("No such group message.");
    const groupSeq = tables.groupMessages.reduce((max, row) => (row.groupId === message.groupId && row.seq > max ? row.seq : max), 0);
    const seq = ++tables.lastGroupChangeSeq;
    tables.groupChanges.push({ seq, groupId: message.groupId, messageSeq, actorId: actorId ?? message.senderId, kind, groupSeq, at });
    return seq;
  }

  /** Whether the member's range holds the message and had not ended when the change was made. */
  function heardBy(userId: string, change: MemoryTables["groupChanges"][number]): boolean {
    const range = memberRow(change.groupId, userId);
    return (
      range !== undefined &&
      HOLDING.has(range.state) &&
      inRange(range, change.messageSeq) &&
      (range.untilSeq === null || change.groupSeq < range.untilSeq)
    );
  }

  const memberRow = (groupId: string, userId: string) =>
    tables.groupMembers.find((row) => row.groupId === groupId && row.userId === userId);
  const sent = (senderId: string, clientId: string) =>
    tables.groupMessages.find((row) => row.senderId === senderId && row.clientId === clientId);

  function insert(message: NewGroupMessage): StoredGroupMessage {
    if (sent(message.senderId, message.clientId)) throw new DuplicateGroupMessageError();
    const row: StoredGroupMessage = {
      seq: ++tables.lastGroupSeq,
      id: message.id,
      groupId: message.groupId,
      senderId: message.senderId,
      clientId: message.clientId,
      body: message.body,
      event: message.event ?? null,
      sentAt: message.sentAt,
      replyToSeq: message.replyToSeq ?? null,
      editedAt: null,
      retractedAt: null,
    };
    tables.groupMessages.push(row);
    return copy(row);
  }

  function apply(groupId: string, changes: MembershipChange[]): StoredGroupMessage[] {
    const lines: StoredGroupMessage[] = [];
    for (const { line, move } of changes) {
      const stored = insert(line);
      lines.push(stored);
      if (!move) continue;
      const row = memberRow(groupId, move.userId);
      if (move.kind === "enter") {
        const fresh = {
          role: move.role,
          state: move.state,
          addedById: move.addedById,
          enteredSeq: stored.seq,
          fromSeq: stored.seq,
          untilSeq: null,
          joinedAt: tables.now(),
        };
        if (row) Object.assign(row, fresh);
        else {
          tables.groupMembers.push({
            groupId,
            userId: move.userId,
            ...fresh,
            deliveredSeq: 0,
            readSeq: 0,
            clearedSeq: 0,
            pinnedAt: null,
            muted: false,
            markedUnread: false,
          });
        }
      } else if (row && move.kind === "exit") {
        Object.assign(row, { state: move.state, untilSeq: stored.seq });
      } else if (row && move.kind === "join") {
        row.state = "member";
      }
    }
    return lines;
  }

  const newestFirst = (rows: StoredGroupMessage[]) => sortBy(rows, (row) => row.seq, "desc");

  const store: GroupConversationStore = {
    async create(group, changes) {
      if (tables.groupConversations.some((row) => row.creatorId === group.creatorId && row.clientId === group.clientId)) return null;
      const stored = { ...group, createdAt: tables.now() };
      tables.groupConversations.push(stored);
      const [first] = apply(group.id, changes);
      // Those in it from the start see it from its first line.
      if (first) for (const row of tables.groupMembers) if (row.groupId === group.id) row.fromSeq = first.seq;
      return copy(stored);
    },

    async findCreated(creatorId, clientId) {
      const found = tables.groupConversations.find((row) => row.creatorId === creatorId && row.clientId === clientId);
      return found ? copy(found) : null;
    },

    async group(groupId) {
      const found = tables.groupConversations.find((row) => row.id === groupId);
      return found ? copy(found) : null;
    },

    async members(groupId) {
      return sortBy(
        tables.groupMembers.filter((row) => row.groupId === groupId),
        (row) => row.enteredSeq,
      ).map(copy);
    },

    async groupsWithMembers(groupIds) {
      const found = [];
      for (const groupId of new Set(groupIds)) {
        const group = await store.group(groupId);
        if (group) found.push({ group, members: await store.members(groupId) });
      }
      return found;
    },

    async member(groupId, userId) {
      const found = memberRow(groupId, userId);
      return found ? copy(found) : null;
    },

    async membershipsOf(userId) {
      return tables.groupMembers.filter((row) => row.userId === userId).map(copy);
    },

    async change(groupId, changes) {
      return apply(groupId, changes);
    },

    async rename(groupId, name, line) {
      const group = tables.groupConversations.find((row) => row.id === groupId);
      if (group) group.name = name;
      return insert(line);
    },

    async setRole(groupId, userId, role) {
      const row = memberRow(groupId, userId);
      if (row) row.role = role;
    },

    async add(message) {
      return insert(message);
    },

    async findSent(senderId, clientId) {
      const found = sent(senderId, clientId);
      return found ? copy(found) : null;
    },

    async byId(id) {
      const found = tables.groupMessages.find((row) => row.id === id);
      return found ? copy(found) : null;
    },

    async bySeq(seqs) {
      const wanted = new Set(seqs);
      return tables.groupMessages.filter((row) => wanted.has(row.seq)).map(copy);
    },

    async page(groupId, range, beforeSeq, limit, omit) {
      const skipped = new Set(omit);
      const rows = newestFirst(
        tables.groupMessages.filter(
          (row) =>
            row.groupId === groupId &&
            inRange(range, row.seq) &&
            (beforeSeq === undefined || row.seq < beforeSeq) &&
            (row.event !== null || !skipped.has(row.senderId)),
        ),
      );
      return { messages: rows.slice(0, limit).map(copy), hasMore: rows.length > limit };
    },

    async after(userId, afterSeq, limit) {
      const ranges = new Map<string, StoredGroupMember>();
      for (const row of tables.groupMembers) if (row.userId === userId && HOLDING.has(row.state)) ranges.set(row.groupId, row);
      const rows = sortBy(
        tables.groupMessages.filter((row) => {
          const range = ranges.get(row.groupId);
          return row.seq > afterSeq && range !== undefined && inRange(range, row.seq);
        }),
        (row) => row.seq,
      );
      return { messages: rows.slice(0, limit).map(copy), hasMore: rows.length > limit };
    },

    async unreadCount(groupId, userId, range, afterSeq, omit) {
      const skipped = new Set(omit);
      return tables.groupMessages.filter(
        (row) =>
          row.groupId === groupId &&
          row.seq > afterSeq &&
          inRange(range, row.seq) &&
          row.event === null &&
          row.senderId !== userId &&
          !skipped.has(row.senderId),
      ).length;
    },

    async lastSeq(groupId) {
      return tables.groupMessages.reduce((max, row) => (row.groupId === groupId && row.seq > max ? row.seq : max), 0);
    },

    async lastSeqs(groupIds) {
      return new Map(await Promise.all(groupIds.map(async (groupId) => [groupId, await store.lastSeq(groupId)] as const)));
    },

    async overviews(requests) {
      return Promise.all(
        requests.map(async (request) => ({
          unread: await store.unreadCount(request.groupId, request.userId, request.range, request.readSeq, request.unreadOmit),
          lastSeq: (await store.page(request.groupId, request.range, undefined, 1, request.lastOmit)).messages[0]?.seq ?? null,
        })),
      );
    },

    async advance(groupId, userId, marks) {
      const row = memberRow(groupId, userId);
      if (!row) return null;
      row.deliveredSeq = Math.max(row.deliveredSeq, marks.deliveredSeq ?? 0, marks.readSeq ?? 0);
      row.readSeq = Math.max(row.readSeq, marks.readSeq ?? 0);
      return { deliveredSeq: row.deliveredSeq, readSeq: row.readSeq };
    },

    async advanceMany(groupId, marks) {
      const now = new Map<string, { deliveredSeq: number; readSeq: number }>();
      for (const mark of marks) {
        const row = memberRow(groupId, mark.userId);
        if (!row) continue;
        row.deliveredSeq = Math.max(row.deliveredSeq, mark.deliveredSeq ?? 0, mark.readSeq ?? 0);
        row.readSeq = Math.max(row.readSeq, mark.readSeq ?? 0);
        now.set(mark.userId, { deliveredSeq: row.deliveredSeq, readSeq: row.readSeq });
      }
      return now;
    },

    async setFlags(groupId, userId, flags) {
      const row = memberRow(groupId, userId);
      if (row) Object.assign(row, flags);
    },

    async clear(groupId, userId, upToSeq) {
      const row = memberRow(groupId, userId);
      if (row) row.clearedSeq = Math.max(row.clearedSeq, upToSeq);
    },

    async reactions(seqs) {
      const wanted = new Set(seqs);
      return sortBy(
        tables.groupReactions.filter((row) => wanted.has(row.messageSeq)),
        (row) => row.createdAt,
      ).map(copy);
    },

    async react(messageSeq, userId, emoji, on, at) {
      const same = (row: { messageSeq: number; userId: string; emoji: string }) =>
        row.messageSeq === messageSeq && row.userId === userId && row.emoji === emoji;
      if (!on) deleteWhere(tables.groupReactions, same);
      else if (!tables.groupReactions.some(same)) tables.groupReactions.push({ messageSeq, userId, emoji, createdAt: at });
      return logChange(messageSeq, "react", at, userId);
    },

    async edit(messageSeq, body, at) {
      const row = tables.groupMessages.find((message) => message.seq === messageSeq);
      if (row) Object.assign(row, { body, editedAt: at });
      return logChange(messageSeq, "edit", at);
    },

    async retract(messageSeq, at) {
      const row = tables.groupMessages.find((message) => message.seq === messageSeq);
      if (row) Object.assign(row, { body: "", retractedAt: at });
      deleteWhere(tables.groupReactions, (reaction) => reaction.messageSeq === messageSeq);
      return logChange(messageSeq, "retract", at);
    },

    async changesFor(userId, afterSeq, limit) {
      const heard = sortBy(
        tables.groupChanges.filter((change) => change.seq > afterSeq && heardBy(userId, change)),
        (change) => change.seq,
      );
      const changes = heard.slice(0, limit).map(({ seq, groupId, messageSeq, actorId, kind }) => ({ seq, groupId, messageSeq, actorId, kind }));
      return { changes, cursor: changes.at(-1)?.seq ?? afterSeq, hasMore: heard.length > limit };
    },

    async newestChange(userId) {
      const groups = new Set(tables.groupMembers.filter((row) => row.userId === userId).map((row) => row.groupId));
      return tables.groupChanges.reduce((newest, change) => (groups.has(change.groupId) ? Math.max(newest, change.seq) : newest), 0);
    },
  };
  return store;
}
