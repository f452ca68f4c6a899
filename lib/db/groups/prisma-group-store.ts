// The group conversation store on SQLite and PostgreSQL (the contract: group-store.ts). Sends go
// through the group commit (group-commit.ts); membership changes write their system lines and
// member rows in one transaction, under the same seq lock.
import { batchedByKey } from "../batched";
import type { Db } from "../client";
import { readRows, readRowsUnsafe } from "../direct-reads";
import { Prisma } from "../generated/sqlite/client";
import type { Provider } from "../im/sql";
import { rawBoolean, rawDate } from "../raw-values";
import { GROUP_SEQ_LOCK, createGroupMessageCommit } from "./group-commit";
import type {
  GroupConversationStore,
  GroupRole,
  MemberRange,
  MemberState,
  MembershipChange,
  NewGroupMessage,
  OverviewRequest,
  StoredGroupChange,
  StoredGroupMember,
  StoredGroupMessage,
} from "./group-store";

/** Ids named in one statement: well under SQLite's 999 parameters with the others. */
const IDS_PER_STATEMENT = 400;
const chunks = (ids: string[]): string[][] =>
  Array.from({ length: Math.ceil(ids.length / IDS_PER_STATEMENT) }, (_, index) => ids.slice(index * IDS_PER_STATEMENT, (index + 1) * IDS_PER_STATEMENT));

/** Requests of one overviews statement: their parameters well under SQLite's 999. */
function overviewChunks(requests: OverviewRequest[]): OverviewRequest[][] {
  const chunked: OverviewRequest[][] = [];
  let current: OverviewRequest[] = [];
  let parameters = 0;
  for (const request of requests) {
    const needs = 8 + request.unreadOmit.length + request.lastOmit.length;
    if (current.length > 0 && parameters + needs > 900) {
      chunked.push(current);
      current = [];
      parameters = 0;
    }
    current.push(request);
    parameters += needs;
  }
  if (current.length > 0) chunked.push(current);
  return chunked;
}

type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

const isUniqueViolation = (error: unknown) =>
  typeof error === "object" && error !== null && "code" in error && error.code === "P2002";

const memberColumns = {
  groupId: true,
  userId: true,
  role: true,
  state: true,
  addedById: true,
  enteredSeq: true,
  fromSeq: true,
  untilSeq: true,
  deliveredSeq: true,
  readSeq: true,
  clearedSeq: true,
  pinnedAt: true,
  muted: true,
  markedUnread: true,
  joinedAt: true,
} as const;

const messageColumns = {
  seq: true,
  id: true,
  groupId: true,
  senderId: true,
  clientId: true,
  body: true,
  event: true,
  sentAt: true,
  replyToSeq: true,
  editedAt: true,
  retractedAt: true,
} as const;

/** memberColumns as raw SQL. */
const rawMemberColumns = Object.keys(memberColumns)
  .map((column) => `"${column}"`)
  .join(", ");
type MemberRow = Record<keyof typeof memberColumns, unknown> & { userId: string };
/** A member row as Prisma's model gives it, or raw SQL on SQLite or PostgreSQL. */
const toMember = (row: MemberRow): StoredGroupMember => ({
  groupId: row.groupId as string,
  userId: row.userId,
  role: row.role as GroupRole,
  state: row.state as MemberState,
  addedById: row.addedById as string,
  enteredSeq: Number(row.enteredSeq),
  fromSeq: Number(row.fromSeq),
  untilSeq: row.untilSeq === null ? null : Number(row.untilSeq),
  deliveredSeq: Number(row.deliveredSeq),
  readSeq: Number(row.readSeq),
  clearedSeq: Number(row.clearedSeq),
  pinnedAt: row.pinnedAt === null ? null : rawDate(row.pinnedAt as string | Date),
  muted: rawBoolean(row.muted),
  markedUnread: rawBoolean(row.markedUnread),
  joinedAt: rawDate(row.joinedAt as string | Date),
});

/** The seqs of a range, as a Prisma filter. */
const rangeFilter = (range: MemberRange, afterSeq = 0) => ({
  gt: Math.max(afterSeq, range.fromSeq - 1, range.clearedSeq),
  ...(range.untilSeq === null ? {} : { lte: range.untilSeq }),
});

const HOLDING: MemberState[] = ["member", "invited", "left", "removed"];

export function createPrismaGroupConversationStore(db: Db, provider: Provider): GroupConversationStore {
  const commit = createGroupMessageCommit(db, provider);
  // Every group snapshot asks both: the snapshots of one turn (a wave of connects) share them.
  const membershipsOf = batchedByKey<StoredGroupMember[]>(async (userIds) => {
    // Raw, past Prisma's engine on SQLite: every group snapshot of a connect asks this.
    const rows = await readRows<MemberRow>(
      db,
      Prisma.sql`SELECT ${Prisma.raw(rawMemberColumns)} FROM "GroupMember" WHERE "userId" IN (${Prisma.join(userIds)})`,
    );
    const byUser = new Map<string, StoredGroupMember[]>();
    for (const row of rows) {
      const list = byUser.get(row.userId) ?? [];
      list.push(toMember(row));
      byUser.set(row.userId, list);
    }
    return byUser;
  }, []);
  const newestChange = batchedByKey(async (userIds: string[]) => {
    const rows = await readRows<{ userId: string; newest: number | bigint | null }>(db, Prisma.sql`
      SELECT m."userId" AS "userId", MAX(c."seq") AS "newest"
      FROM "GroupMember" m JOIN "GroupMessageChange" c ON c."groupId" = m."groupId"
      WHERE m."userId" IN (${Prisma.join(userIds)})
      GROUP BY m."userId"`);
    return new Map(rows.map((row) => [row.userId, Number(row.newest ?? 0)]));
  }, 0);

  async function lock(tx: Tx) {
    if (provider === "postgresql") await tx.$executeRaw`SELECT pg_advisory_xact_lock(${GROUP_SEQ_LOCK})`;
  }

  const lineData = (line: NewGroupMessage) => ({
    id: line.id,
    groupId: line.groupId,
    senderId: line.senderId,
    clientId: line.clientId,
    body: line.body,
    event: line.event ?? null,
    sentAt: line.sentAt,
    replyToSeq: line.replyToSeq ?? null,
  });

  async function apply(tx: Tx, groupId: string, changes: MembershipChange[]): Promise<StoredGroupMessage[]> {
    const lines: StoredGroupMessage[] = [];
    for (const { line, move } of changes) {
      const stored = await tx.groupMessage.create({ data: lineData(line), select: messageColumns });
      lines.push(stored);
      if (!move) continue;
      const key = { groupId_userId: { groupId, userId: move.userId } };
      if (move.kind === "enter") {
        const fresh = {
          role: move.role,
          state: move.state,
          addedById: move.addedById,
          enteredSeq: stored.seq,
          fromSeq: stored.seq,
          untilSeq: null,
          joinedAt: stored.sentAt,
        };
        await tx.groupMember.upsert({ where: key, create: { groupId, userId: move.userId, ...fresh }, update: fresh });
      } else if (move.kind === "exit") {
        await tx.groupMember.updateMany({ where: { groupId, userId: move.userId }, data: { state: move.state, untilSeq: stored.seq } });
      } else {
        await tx.groupMember.updateMany({ where: { groupId, userId: move.userId }, data: { state: "member" } });
      }
    }
    return lines;
  }

  /**
   * A change and its log row in one transaction, under the seq lock: change seqs then commit in
   * order (a member's change cursor spans its groups), and the group's newest seq is exact.
   */
  async function changing(
    messageSeq: number,
    kind: StoredGroupChange["kind"],
    at: Date,
    actorId: string | undefined,
    write: (tx: Tx) => Promise<void>,
  ): Promise<number> {
    return db.$transaction(async (tx) => {
      await lock(tx);
      const message = await tx.groupMessage.findUnique({ where: { seq: messageSeq }, select: { groupId: true, senderId: true } });
      if (!message) throw new Error("No such group message.");
      // Written first: on SQLite the write takes the one writer's lock before the newest seq is read.
      await write(tx);
      const newest = await tx.groupMessage.findFirst({ where: { groupId: message.groupId }, orderBy: { seq: "desc" }, select: { seq: true } });
      const change = await tx.groupMessageChange.create({
        data: { groupId: message.groupId, messageSeq, actorId: actorId ?? message.senderId, kind, groupSeq: newest?.seq ?? 0, at },
        select: { seq: true },
      });
      return change.seq;
    });
  }

  return {
    async create(group, changes) {
      try {
        return await db.$transaction(async (tx) => {
          await lock(tx);
          const stored = await tx.groupConversation.create({ data: group });
          const [first] = await apply(tx, group.id, changes);
          // Those in it from the start see it from its first line.
          if (first) await tx.groupMember.updateMany({ where: { groupId: group.id }, data: { fromSeq: first.seq } });
          return stored;
        });
      } catch (error) {
        if (isUniqueViolation(error)) return null;
        throw error;
      }
    },

    findCreated(creatorId, clientId) {
      return db.groupConversation.findUnique({ where: { creatorId_clientId: { creatorId, clientId } } });
    },

    group(groupId) {
      return db.groupConversation.findUnique({ where: { id: groupId } });
    },

    async groupsWithMembers(groupIds) {
      const groups = [];
      const members: StoredGroupMember[] = [];
      for (const chunk of chunks([...new Set(groupIds)])) {
        const [found, rows] = await Promise.all([
          db.groupConversation.findMany({ where: { id: { in: chunk } } }),
          db.groupMember.findMany({ where: { groupId: { in: chunk } }, orderBy: { enteredSeq: "asc" }, select: memberColumns }),
        ]);
        groups.push(...found);
        members.push(...rows.map(toMember));
      }
      return groups.map((group) => ({ group, members: members.filter((member) => member.groupId === group.id) }));
    },

    async members(groupId) {
      const rows = await db.groupMember.findMany({ where: { groupId }, orderBy: { enteredSeq: "asc" }, select: memberColumns });
      return rows.map(toMember);
    },

    async member(groupId, userId) {
      const row = await db.groupMember.findUnique({ where: { groupId_userId: { groupId, userId } }, select: memberColumns });
      return row ? toMember(row) : null;
    },

    membershipsOf,

    change(groupId, changes) {
      return db.$transaction(async (tx) => {
        await lock(tx);
        return apply(tx, groupId, changes);
      });
    },

    rename(groupId, name, line) {
      return db.$transaction(async (tx) => {
        await lock(tx);
        await tx.groupConversation.update({ where: { id: groupId }, data: { name } });
        return tx.groupMessage.create({ data: lineData(line), select: messageColumns });
      });
    },

    async setRole(groupId, userId, role) {
      await db.groupMember.updateMany({ where: { groupId, userId }, data: { role } });
    },

    add: commit,

    findSent(senderId, clientId) {
      return db.groupMessage.findUnique({ where: { senderId_clientId: { senderId, clientId } }, select: messageColumns });
    },

    byId(id) {
      return db.groupMessage.findUnique({ where: { id }, select: messageColumns });
    },

    bySeq(seqs) {
      if (seqs.length === 0) return Promise.resolve([]);
      return db.groupMessage.findMany({ where: { seq: { in: seqs } }, select: messageColumns });
    },

    async page(groupId, range, beforeSeq, limit, omit) {
      const seq = rangeFilter(range);
      const rows = await db.groupMessage.findMany({
        where: {
          groupId,
          seq: beforeSeq === undefined ? seq : { ...seq, lt: beforeSeq },
          // System lines are everyone's, whoever caused them.
          ...(omit.length > 0 ? { NOT: { senderId: { in: omit }, event: null } } : {}),
        },
        orderBy: { seq: "desc" },
        take: limit + 1,
        select: messageColumns,
      });
      return { messages: rows.slice(0, limit), hasMore: rows.length > limit };
    },

    async after(userId, afterSeq, limit) {
      const ranges = await db.groupMember.findMany({
        where: { userId, state: { in: HOLDING } },
        select: { groupId: true, fromSeq: true, untilSeq: true, clearedSeq: true },
      });
      const wanted = ranges.filter((range) => range.untilSeq === null || range.untilSeq > afterSeq);
      if (wanted.length === 0) return { messages: [], hasMore: false };
      const rows = await db.groupMessage.findMany({
        where: { OR: wanted.map((range) => ({ groupId: range.groupId, seq: rangeFilter(range, afterSeq) })) },
        orderBy: { seq: "asc" },
        take: limit + 1,
        select: messageColumns,
      });
      return { messages: rows.slice(0, limit), hasMore: rows.length > limit };
    },

    unreadCount(groupId, userId, range, afterSeq, omit) {
      return db.groupMessage.count({
        where: { groupId, seq: rangeFilter(range, afterSeq), event: null, senderId: { notIn: [userId, ...omit] } },
      });
    },

    async lastSeq(groupId) {
      const row = await db.groupMessage.findFirst({ where: { groupId }, orderBy: { seq: "desc" }, select: { seq: true } });
      return row?.seq ?? 0;
    },

    async lastSeqs(groupIds) {
      const newest = new Map(groupIds.map((groupId) => [groupId, 0]));
      for (const chunk of chunks([...new Set(groupIds)])) {
        const rows = await db.groupMessage.groupBy({ by: ["groupId"], where: { groupId: { in: chunk } }, _max: { seq: true } });
        for (const row of rows) newest.set(row.groupId, row._max.seq ?? 0);
      }
      return newest;
    },

    async overviews(requests) {
      // One statement per chunk of requests: two scalar subqueries each (the conditions of
      // unreadCount and of page's newest row), so a list of many groups, or a group's every
      // member, is read at once.
      const answers: { unread: number; lastSeq: number | null }[] = [];
      for (const chunk of overviewChunks(requests)) {
        const values: unknown[] = [];
        const next = () => (provider === "postgresql" ? `$${values.length}` : "?");
        const param = (value: unknown) => {
          values.push(value);
          return next();
        };
        const within = (request: OverviewRequest, afterSeq: number) => {
          const bounds = rangeFilter(request.range, afterSeq);
          return `"groupId" = ${param(request.groupId)} AND "seq" > ${param(bounds.gt)}${"lte" in bounds ? ` AND "seq" <= ${param(bounds.lte)}` : ""}`;
        };
        const list = (ids: string[]) => ids.map(param).join(", ");
        const columns = chunk.map((request, index) => {
          const unread = `(SELECT COUNT(*) FROM "GroupMessage" WHERE ${within(request, request.readSeq)} AND "event" IS NULL AND "senderId" NOT IN (${list([request.userId, ...request.unreadOmit])})) AS "u${index}"`;
          // Parameters in the order they appear (SQLite's are positional).
          const lastWithin = within(request, 0);
          const omit = request.lastOmit.length > 0 ? ` AND NOT ("event" IS NULL AND "senderId" IN (${list(request.lastOmit)}))` : "";
          const last = `(SELECT MAX("seq") FROM "GroupMessage" WHERE ${lastWithin}${omit}) AS "l${index}"`;
          return `${unread}, ${last}`;
        });
        // Past Prisma's engine (direct-reads.ts), as the message store's reads of this rate are.
        const [row] = await readRowsUnsafe<Record<string, number | bigint | null>>(db, `SELECT ${columns.join(", ")}`, ...values);
        chunk.forEach((_, index) => {
          const last = row?.[`l${index}`];
          answers.push({ unread: Number(row?.[`u${index}`] ?? 0), lastSeq: last === null || last === undefined ? null : Number(last) });
        });
      }
      return answers;
    },

    async advance(groupId, userId, marks) {
      const delivered = Math.max(marks.deliveredSeq ?? 0, marks.readSeq ?? 0);
      const read = marks.readSeq ?? 0;
      // Two conditional updates: each moves its mark only forward, whoever else writes meanwhile.
      await db.$transaction([
        db.groupMember.updateMany({ where: { groupId, userId, deliveredSeq: { lt: delivered } }, data: { deliveredSeq: delivered } }),
        db.groupMember.updateMany({ where: { groupId, userId, readSeq: { lt: read } }, data: { readSeq: read } }),
      ]);
      return db.groupMember.findUnique({
        where: { groupId_userId: { groupId, userId } },
        select: { deliveredSeq: true, readSeq: true },
      });
    },

    async advanceMany(groupId, marks) {
      // Members of a fan-out confirm the same seq: one conditional update per distinct value
      // (and per chunk of ids, under SQLite's 999 parameters) moves them all, only forward.
      const byValue = (column: "deliveredSeq" | "readSeq", valueOf: (mark: (typeof marks)[number]) => number) => {
        const ids = new Map<number, string[]>();
        for (const mark of marks) {
          const value = valueOf(mark);
          if (value > 0) ids.set(value, [...(ids.get(value) ?? []), mark.userId]);
        }
        return [...ids].flatMap(([value, userIds]) =>
          chunks(userIds).map((chunk) =>
            db.groupMember.updateMany({ where: { groupId, userId: { in: chunk }, [column]: { lt: value } }, data: { [column]: value } }),
          ),
        );
      };
      const updates = [
        ...byValue("deliveredSeq", (mark) => Math.max(mark.deliveredSeq ?? 0, mark.readSeq ?? 0)),
        ...byValue("readSeq", (mark) => mark.readSeq ?? 0),
      ];
      if (updates.length > 0) await db.$transaction(updates);
      const now = new Map<string, { deliveredSeq: number; readSeq: number }>();
      for (const chunk of chunks([...new Set(marks.map((mark) => mark.userId))])) {
        const rows = await db.groupMember.findMany({ where: { groupId, userId: { in: chunk } }, select: { userId: true, deliveredSeq: true, readSeq: true } });
        for (const row of rows) now.set(row.userId, { deliveredSeq: row.deliveredSeq, readSeq: row.readSeq });
      }
      return now;
    },

    async setFlags(groupId, userId, flags) {
      await db.groupMember.updateMany({ where: { groupId, userId }, data: flags });
    },

    async clear(groupId, userId, upToSeq) {
      await db.groupMember.updateMany({ where: { groupId, userId, clearedSeq: { lt: upToSeq } }, data: { clearedSeq: upToSeq } });
    },

    reactions(seqs) {
      if (seqs.length === 0) return Promise.resolve([]);
      return db.groupReaction.findMany({
        where: { messageSeq: { in: seqs } },
        orderBy: [{ createdAt: "asc" }, { emoji: "asc" }],
        select: { messageSeq: true, userId: true, emoji: true, createdAt: true },
      });
    },

    react(messageSeq, userId, emoji, on, at) {
      return changing(messageSeq, "react", at, userId, async (tx) => {
        if (!on) {
          await tx.groupReaction.deleteMany({ where: { messageSeq, userId, emoji } });
          return;
        }
        await tx.groupReaction.upsert({
          where: { messageSeq_userId_emoji: { messageSeq, userId, emoji } },
          create: { messageSeq, userId, emoji, createdAt: at },
          update: {},
        });
      });
    },

    edit(messageSeq, body, at) {
      return changing(messageSeq, "edit", at, undefined, async (tx) => {
        await tx.groupMessage.updateMany({ where: { seq: messageSeq }, data: { body, editedAt: at } });
      });
    },

    retract(messageSeq, at) {
      return changing(messageSeq, "retract", at, undefined, async (tx) => {
        await tx.groupMessage.updateMany({ where: { seq: messageSeq }, data: { body: "", retractedAt: at } });
        await tx.groupReaction.deleteMany({ where: { messageSeq } });
      });
    },

    async changesFor(userId, afterSeq, limit) {
      const ranges = await db.groupMember.findMany({
        where: { userId, state: { in: HOLDING } },
        select: { groupId: true, fromSeq: true, untilSeq: true, clearedSeq: true },
      });
      if (ranges.length === 0) return { changes: [], cursor: afterSeq, hasMore: false };
      const rows = await db.groupMessageChange.findMany({
        where: {
          seq: { gt: afterSeq },
          OR: ranges.map((range) => ({
            groupId: range.groupId,
            messageSeq: rangeFilter(range),
            ...(range.untilSeq === null ? {} : { groupSeq: { lt: range.untilSeq } }),
          })),
        },
        orderBy: { seq: "asc" },
        take: limit + 1,
        select: { seq: true, groupId: true, messageSeq: true, actorId: true, kind: true },
      });
      const changes = rows.slice(0, limit).map((row) => ({ ...row, kind: row.kind as StoredGroupChange["kind"] }));
      return { changes, cursor: changes.at(-1)?.seq ?? afterSeq, hasMore: rows.length > limit };
    },

    newestChange,
  };
}
