// The message change store on SQLite or PostgreSQL through Prisma (the contract:
// message-change-store.ts). A change is written in one transaction, shared with the sends and
// changes of the moment (group-commit.ts, change-writes.ts): the message's columns or its
// reaction, and the change log row whose unique (actor, client id) makes a retry a no-op.
import { batchedByKey } from "../batched";
import type { Db } from "../client";
import { readRowsUnsafe } from "../direct-reads";
import { rawBoolean, rawDate } from "../raw-values";
import {
  type ChangeKind,
  type MessageChangeStore,
  type MessageDetails,
  type NewChange,
  type StoredReaction,
} from "./message-change-store";
import { createChangeFactsReader } from "./change-facts";
import { DETAIL_COLUMNS, type DetailRow, detailsOf, readDetailsWithReactions } from "./details-with-reactions";
import { groupCommitOf } from "./group-commit";
import { type Provider, placeholdersFor } from "./sql";

const detailColumns = {
  seq: true,
  id: true,
  senderId: true,
  recipientId: true,
  clientId: true,
  sentAt: true,
  deliveredAt: true,
  body: true,
  deletedBySender: true,
  deletedByRecipient: true,
  replyToSeq: true,
  editedAt: true,
  retractedAt: true,
  senderBody: true,
  senderEditedAt: true,
  senderRetractedAt: true,
} as const;

export function createPrismaMessageChangeStore(db: Db, provider: Provider): MessageChangeStore {
  const placeholders = placeholdersFor(provider);
  const readFacts = createChangeFactsReader(db, placeholders);
  const groupCommit = groupCommitOf(db, provider);
  /**
   * Every inbox snapshot asks this: the snapshots of one turn (a wave of connects) share one
   * statement, two index lookups per viewer (MAX over (actorId, seq) and (peerId, seq)).
   */
  const newestChange = batchedByKey(async (viewerIds: string[]) => {
    const rows = await readRowsUnsafe<{ viewerId: string; acted: number | bigint | null; told: number | bigint | null }>(
      db,
      `SELECT v.column1 AS "viewerId",
         (SELECT MAX(c."seq") FROM "MessageChange" c WHERE c."actorId" = v.column1) AS "acted",
         (SELECT MAX(c."seq") FROM "MessageChange" c WHERE c."peerId" = v.column1 AND c."hidden" = false) AS "told"
       FROM (VALUES ${viewerIds.map((_, index) => `(${placeholders(1, 1 + index)[0]})`).join(", ")}) AS v`,
      ...viewerIds,
    );
    return new Map(rows.map((row) => [row.viewerId, Math.max(Number(row.acted ?? 0), Number(row.told ?? 0))]));
  }, 0);
  return {
    changeFacts(actorId: string, messageId: string, clientId: string) {
      return readFacts({ actorId, messageId, clientId });
    },

    // Raw, past Prisma's engine on SQLite: every page of messages and every connect's inbox
    // snapshot read their messages' changes and reactions.
    async details(seqs: number[]): Promise<MessageDetails[]> {
      if (seqs.length === 0) return [];
      const rows = await readRowsUnsafe<DetailRow>(db, `SELECT ${DETAIL_COLUMNS} FROM "Message" m WHERE m."seq" IN (${placeholders(seqs.length, 1).join(", ")})`, ...seqs);
      return rows.map(detailsOf);
    },

    detailsById(id: string): Promise<MessageDetails | null> {
      return db.message.findUnique({ where: { id }, select: detailColumns });
    },

    async reactions(seqs: number[]): Promise<StoredReaction[]> {
      if (seqs.length === 0) return [];
      const rows = await readRowsUnsafe<{ messageSeq: number | bigint; userId: string; emoji: string; hidden: unknown; createdAt: Date | string }>(
        db,
        `SELECT "messageSeq", "userId", "emoji", "hidden", "createdAt" FROM "MessageReaction"
         WHERE "messageSeq" IN (${placeholders(seqs.length, 1).join(", ")}) ORDER BY "createdAt", "emoji"`,
        ...seqs,
      );
      return rows.map((row) => ({ ...row, messageSeq: Number(row.messageSeq), hidden: rawBoolean(row.hidden), createdAt: rawDate(row.createdAt) }));
    },

    withReactions(seq: number, replyToSeq: number | null) {
      return readDetailsWithReactions(db, placeholders, seq, replyToSeq);
    },

    /** Group-committed with the sends and other changes of the moment (group-commit.ts). */
    apply(change: NewChange): Promise<number> {
      return groupCommit.applyChange(change);
    },

    async findChange(actorId: string, clientId: string) {
      const row = await db.messageChange.findUnique({
        where: { actorId_clientId: { actorId, clientId } },
        select: { seq: true, messageSeq: true, kind: true },
      });
      return row && { ...row, kind: row.kind as ChangeKind };
    },

    async changedFor(viewerId: string, afterSeq: number, limit: number) {
      // One index range per role (actor, peer), merged: like history's two directions.
      const select = { seq: true, messageSeq: true } as const;
      const [acted, told] = await Promise.all([
        db.messageChange.findMany({ where: { actorId: viewerId, seq: { gt: afterSeq } }, orderBy: { seq: "asc" }, take: limit + 1, select }),
        db.messageChange.findMany({
          where: { peerId: viewerId, hidden: false, seq: { gt: afterSeq } },
          orderBy: { seq: "asc" },
          take: limit + 1,
          select,
        }),
      ]);
      return changesPage([...acted, ...told], afterSeq, limit);
    },

    newestChange,
  };
}

/** Changes merged by seq, cut to `limit`: each message once, the cursor at the last change read. */
export function changesPage(rows: { seq: number; messageSeq: number }[], afterSeq: number, limit: number) {
  const sorted = [...rows].sort((a, b) => a.seq - b.seq);
  const page = sorted.slice(0, limit);
  return {
    messageSeqs: [...new Set(page.map((row) => row.messageSeq))],
    cursor: page.at(-1)?.seq ?? afterSeq,
    hasMore: sorted.length > limit,
  };
}
