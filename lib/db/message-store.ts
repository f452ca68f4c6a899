// Storage of INSTANT MESSAGES and of each side's conversations. A message is one row; each
// participant has a Conversation row (its state, newest message, read marks). Deleting hides
// a message from one side only (a flag per side). History and catch-up read one index range
// per direction (received, sent) and merge the two, so a page costs two range scans however
// large the inbox is.
import type { ConversationState } from "@/lib/im/rules/delivery";
import type { Db } from "./client";
import type { Prisma } from "./generated/sqlite/client";

export type StoredMessage = {
  seq: number;
  id: string;
  senderId: string;
  recipientId: string;
  clientId: string;
  body: string;
  sentAt: Date;
  deliveredAt: Date | null;
};

export type StoredConversation = {
  ownerId: string;
  peerId: string;
  state: ConversationState;
  lastSeq: number;
  lastReadSeq: number;
  peerReadSeq: number;
};

export type NewMessage = Omit<StoredMessage, "seq" | "deliveredAt">;

/** The sender already stored a message with this client id. */
export class DuplicateMessageError extends Error {
  constructor() {
    super("duplicate_message");
  }
}

const messageColumns = {
  seq: true,
  id: true,
  senderId: true,
  recipientId: true,
  clientId: true,
  body: true,
  sentAt: true,
  deliveredAt: true,
} as const;

const conversationColumns = {
  ownerId: true,
  peerId: true,
  state: true,
  lastSeq: true,
  lastReadSeq: true,
  peerReadSeq: true,
} as const;

const toConversation = (row: Omit<StoredConversation, "state"> & { state: string }): StoredConversation => ({
  ...row,
  state: row.state as ConversationState,
});

function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && "code" in error && error.code === "P2002";
}

/** Two lists each ordered by seq the same way, merged, cut to `limit`, with whether more exist. */
function mergePage(a: StoredMessage[], b: StoredMessage[], limit: number, order: "asc" | "desc") {
  const merged = [...a, ...b].sort((x, y) => (order === "asc" ? x.seq - y.seq : y.seq - x.seq));
  return { messages: merged.slice(0, limit), hasMore: merged.length > limit };
}

export function createMessageStore(db: Db, provider: "sqlite" | "postgresql") {
  /**
   * Catch-up must never skip a message: a client that saw seq N asks for everything after N,
   * so no message involving the same account may commit later with a smaller seq. SQLite has
   * one writer at a time, so seq order is commit order. PostgreSQL draws seqs concurrently, so
   * a message locks both participants' inboxes first (in a fixed order, so never a deadlock).
   */
  async function lockInboxes(tx: Prisma.TransactionClient, userIds: string[]) {
    if (provider !== "postgresql") return;
    for (const id of [...new Set(userIds)].sort()) await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${id}))`;
  }

  return {
    findSent(senderId: string, clientId: string): Promise<StoredMessage | null> {
      return db.message.findUnique({ where: { senderId_clientId: { senderId, clientId } }, select: messageColumns });
    },

    async conversation(ownerId: string, peerId: string): Promise<StoredConversation | null> {
      const row = await db.conversation.findUnique({ where: { ownerId_peerId: { ownerId, peerId } }, select: conversationColumns });
      return row && toConversation(row);
    },

    async conversationsWith(ownerId: string, peerIds: string[]): Promise<StoredConversation[]> {
      if (peerIds.length === 0) return [];
      const rows = await db.conversation.findMany({ where: { ownerId, peerId: { in: peerIds } }, select: conversationColumns });
      return rows.map(toConversation);
    },

    /** The conversations an inbox shows (accepted ones and requests holding messages), newest first. */
    async listed(ownerId: string, limit: number): Promise<StoredConversation[]> {
      const rows = await db.conversation.findMany({
        where: { ownerId, lastSeq: { gt: 0 }, state: { in: ["accepted", "request"] } },
        orderBy: { lastSeq: "desc" },
        take: limit,
        select: conversationColumns,
      });
      return rows.map(toConversation);
    },

    /**
     * Stores a message and moves both sides' conversations to it. The sender's side becomes
     * accepted (writing to someone accepts them); the recipient's side takes `recipientState`,
     * or stays as it is when the message is held back (null: a declined conversation), and the
     * message is then hidden from the recipient. Throws DuplicateMessageError for a client id
     * the sender used before.
     */
    async add(message: NewMessage, recipientState: "accepted" | "request" | null): Promise<StoredMessage> {
      const { senderId, recipientId } = message;
      try {
        return await db.$transaction(async (tx) => {
          await lockInboxes(tx, [senderId, recipientId]);
          const stored = await tx.message.create({
            data: { ...message, deletedByRecipient: recipientState === null },
            select: messageColumns,
          });
          const lastSeq = stored.seq;
          await tx.conversation.upsert({
            where: { ownerId_peerId: { ownerId: senderId, peerId: recipientId } },
            create: { ownerId: senderId, peerId: recipientId, state: "accepted", lastSeq },
            update: { state: "accepted", lastSeq },
          });
          if (recipientState !== null) {
            await tx.conversation.upsert({
              where: { ownerId_peerId: { ownerId: recipientId, peerId: senderId } },
              create: { ownerId: recipientId, peerId: senderId, state: recipientState, lastSeq },
              update: recipientState === "accepted" ? { state: "accepted", lastSeq } : { lastSeq },
            });
          }
          return stored;
        });
      } catch (error) {
        if (isUniqueViolation(error)) throw new DuplicateMessageError();
        throw error;
      }
    },

    async bySeq(seqs: number[]): Promise<StoredMessage[]> {
      if (seqs.length === 0) return [];
      return db.message.findMany({ where: { seq: { in: seqs } }, select: messageColumns });
    },

    /** A page of one conversation as its owner has it, newest first. */
    async page(ownerId: string, peerId: string, beforeSeq: number | undefined, limit: number) {
      const seq = beforeSeq === undefined ? undefined : { lt: beforeSeq };
      const [received, sent] = await Promise.all([
        db.message.findMany({
          where: { recipientId: ownerId, senderId: peerId, deletedByRecipient: false, seq },
          orderBy: { seq: "desc" },
          take: limit + 1,
          select: messageColumns,
        }),
        db.message.findMany({
          where: { senderId: ownerId, recipientId: peerId, deletedBySender: false, seq },
          orderBy: { seq: "desc" },
          take: limit + 1,
          select: messageColumns,
        }),
      ]);
      return mergePage(received, sent, limit, "desc");
    },

    /** Everything the owner has after a seq, across conversations, oldest first. */
    async after(ownerId: string, afterSeq: number, limit: number) {
      const [received, sent] = await Promise.all([
        db.message.findMany({
          where: { recipientId: ownerId, deletedByRecipient: false, seq: { gt: afterSeq } },
          orderBy: { seq: "asc" },
          take: limit + 1,
          select: messageColumns,
        }),
        db.message.findMany({
          where: { senderId: ownerId, deletedBySender: false, seq: { gt: afterSeq } },
          orderBy: { seq: "asc" },
          take: limit + 1,
          select: messageColumns,
        }),
      ]);
      return mergePage(received, sent, limit, "asc");
    },

    /**
     * Unread messages per peer, for every conversation of the owner that may have some. One
     * count per conversation (a correlated subquery), so each reads only the index range
     * above its read mark — a join would let the planner walk everything the owner received.
     */
    async unreadCounts(ownerId: string): Promise<Map<string, number>> {
      const rows = await db.$queryRaw<{ peerId: string; unread: number | bigint }[]>`
        SELECT c."peerId" AS "peerId", (
          SELECT COUNT(*) FROM "Message" m
          WHERE m."recipientId" = c."ownerId" AND m."senderId" = c."peerId"
            AND m."seq" > c."lastReadSeq" AND m."deletedByRecipient" = false
        ) AS "unread"
        FROM "Conversation" c
        WHERE c."ownerId" = ${ownerId} AND c."lastSeq" > c."lastReadSeq"`;
      return new Map(rows.map((row) => [row.peerId, Number(row.unread)]));
    },

    unreadCount(ownerId: string, peerId: string, lastReadSeq: number): Promise<number> {
      return db.message.count({
        where: { recipientId: ownerId, senderId: peerId, deletedByRecipient: false, seq: { gt: lastReadSeq } },
      });
    },

    /** Of these ids, the messages the owner received, still has, and had not confirmed. */
    undelivered(recipientId: string, ids: string[]): Promise<{ id: string; senderId: string }[]> {
      return db.message.findMany({
        where: { id: { in: ids }, recipientId, deliveredAt: null, deletedByRecipient: false },
        orderBy: { seq: "asc" },
        select: { id: true, senderId: true },
      });
    },

    /** Messages from the peer the owner has and had not confirmed, up to a seq (all when absent). */
    undeliveredFrom(ownerId: string, peerId: string, upToSeq?: number): Promise<{ id: string; senderId: string }[]> {
      return db.message.findMany({
        where: {
          recipientId: ownerId,
          senderId: peerId,
          deliveredAt: null,
          deletedByRecipient: false,
          seq: upToSeq === undefined ? undefined : { lte: upToSeq },
        },
        orderBy: { seq: "asc" },
        select: { id: true, senderId: true },
      });
    },

    async markDelivered(ids: string[], at: Date): Promise<void> {
      if (ids.length === 0) return;
      await db.message.updateMany({ where: { id: { in: ids }, deliveredAt: null }, data: { deliveredAt: at } });
    },

    /** Marks the peer's messages read up to a seq. Returns the new read mark, or null when it did not move. */
    async markRead(conversation: StoredConversation, upToSeq: number, at: Date): Promise<number | null> {
      const { ownerId, peerId } = conversation;
      // Never past the newest message: a mark ahead of it would swallow future messages.
      const target = Math.min(upToSeq, conversation.lastSeq);
      if (target <= conversation.lastReadSeq) return null;
      const [moved] = await db.$transaction([
        db.conversation.updateMany({ where: { ownerId, peerId, lastReadSeq: { lt: target } }, data: { lastReadSeq: target } }),
        db.message.updateMany({
          where: { recipientId: ownerId, senderId: peerId, seq: { lte: target }, readAt: null },
          data: { readAt: at },
        }),
      ]);
      return moved.count > 0 ? target : null;
    },

    /** The peer read the owner's messages up to a seq. False when the mark was already there. */
    async advancePeerRead(ownerId: string, peerId: string, seq: number): Promise<boolean> {
      const { count } = await db.conversation.updateMany({
        where: { ownerId, peerId, peerReadSeq: { lt: seq } },
        data: { peerReadSeq: seq },
      });
      return count > 0;
    },

    async setState(ownerId: string, peerId: string, from: ConversationState[], to: ConversationState): Promise<boolean> {
      const { count } = await db.conversation.updateMany({ where: { ownerId, peerId, state: { in: from } }, data: { state: to } });
      return count > 0;
    },

    /**
     * Removes a conversation's messages up to its newest one from the owner's inbox, and the
     * conversation from the owner's list, optionally changing its state. A message that
     * arrives meanwhile stays, and so does the conversation.
     */
    async clear(conversation: StoredConversation, state?: ConversationState): Promise<void> {
      const { ownerId, peerId, lastSeq } = conversation;
      await db.$transaction([
        db.message.updateMany({
          where: { senderId: ownerId, recipientId: peerId, seq: { lte: lastSeq }, deletedBySender: false },
          data: { deletedBySender: true },
        }),
        db.message.updateMany({
          where: { recipientId: ownerId, senderId: peerId, seq: { lte: lastSeq }, deletedByRecipient: false },
          data: { deletedByRecipient: true },
        }),
        db.conversation.updateMany({
          where: { ownerId, peerId, lastSeq },
          data: { lastSeq: 0, lastReadSeq: Math.max(lastSeq, conversation.lastReadSeq) },
        }),
        ...(state ? [db.conversation.updateMany({ where: { ownerId, peerId }, data: { state } })] : []),
      ]);
    },

    /** Removes these messages from the owner's inbox (only from the owner's); returns what was removed. */
    async remove(ownerId: string, ids: string[]): Promise<{ id: string; peerId: string }[]> {
      const rows = await db.message.findMany({
        where: {
          id: { in: ids },
          OR: [
            { senderId: ownerId, deletedBySender: false },
            { recipientId: ownerId, deletedByRecipient: false },
          ],
        },
        select: { id: true, senderId: true, recipientId: true },
      });
      const sent = rows.filter((row) => row.senderId === ownerId).map((row) => row.id);
      const received = rows.filter((row) => row.senderId !== ownerId).map((row) => row.id);
      await db.$transaction([
        db.message.updateMany({ where: { id: { in: sent } }, data: { deletedBySender: true } }),
        db.message.updateMany({ where: { id: { in: received } }, data: { deletedByRecipient: true } }),
      ]);
      return rows.map((row) => ({ id: row.id, peerId: row.senderId === ownerId ? row.recipientId : row.senderId }));
    },

    /** Points the conversation at its newest remaining message (0 when none), unless a new one came. */
    async refreshLastSeq(conversation: StoredConversation): Promise<void> {
      const { ownerId, peerId } = conversation;
      const [received, sent] = await Promise.all([
        db.message.findFirst({
          where: { recipientId: ownerId, senderId: peerId, deletedByRecipient: false },
          orderBy: { seq: "desc" },
          select: { seq: true },
        }),
        db.message.findFirst({
          where: { senderId: ownerId, recipientId: peerId, deletedBySender: false },
          orderBy: { seq: "desc" },
          select: { seq: true },
        }),
      ]);
      const newest = Math.max(received?.seq ?? 0, sent?.seq ?? 0);
      await db.conversation.updateMany({ where: { ownerId, peerId, lastSeq: conversation.lastSeq }, data: { lastSeq: newest } });
    },
  };
}
export type MessageStore = ReturnType<typeof createMessageStore>;
