// The message store on SQLite or PostgreSQL through Prisma (the contract: message-store.ts).
// History and catch-up read one index range per direction (received, sent) and merge the two,
// so a page costs two range scans however large the inbox is.
//
// The send path is the hot one, and each statement through Prisma costs a fixed overhead on
// top of the database's own work, so it uses few statements and shares them between sends:
// send facts (send-facts.ts) and delivery confirmations (delivery-confirmations.ts) of one
// event-loop turn are one statement each, and stores are group-committed (group-commit.ts).
// Connects are the other hot path: the inbox lists of one turn are one statement too.
import type { Db } from "../client";
import { readRows } from "../direct-reads";
import { Prisma } from "../generated/sqlite/client";
import { rawDate } from "../raw-values";
import { createDeliveryConfirmations } from "./delivery-confirmations";
import { groupCommitOf } from "./group-commit";
import { type ListedConversation, createListedConversationsReader } from "./listed-conversations";
import type { ArchiveRange, ConversationFlags, ConversationState, MessageStore, SendFacts, StoredConversation, StoredMessage } from "./message-store";
import { mergePage } from "./pages";
import { createSendFactsReader } from "./send-facts";
import { type Provider, conversationColumns, messageColumns, placeholdersFor, toConversation } from "./sql";

/** A message row as raw SQL reads it (dates as the driver gives them). */
type RawMessage = Omit<StoredMessage, "sentAt" | "deliveredAt"> & { sentAt: Date | string; deliveredAt: Date | string | null };

/** The columns of `RawMessage`, for raw reads. */
const RAW_MESSAGE_COLUMNS = Prisma.raw(`"seq", "id", "senderId", "recipientId", "clientId", "body", "sentAt", "deliveredAt"`);

const storedMessage = (row: RawMessage): StoredMessage => ({
  ...row,
  seq: Number(row.seq),
  sentAt: rawDate(row.sentAt),
  deliveredAt: row.deliveredAt === null ? null : rawDate(row.deliveredAt),
});

export function createPrismaMessageStore(db: Db, provider: Provider): MessageStore {
  const placeholders = placeholdersFor(provider);
  const groupCommit = groupCommitOf(db, provider);
  const readFacts = createSendFactsReader(db, placeholders);
  const { readUnconfirmed, confirmBatch } = createDeliveryConfirmations(db, placeholders);
  const readListed = createListedConversationsReader(db);

  /**
   * Messages matching `where`, in seq order, at most `limit`. Raw, past Prisma's engine on
   * SQLite (direct-reads.ts): pages of history, reconnects' catch-up and XMPP sign-ins read here.
   */
  async function messagesWhere(where: Prisma.Sql, order: "asc" | "desc", limit: number): Promise<StoredMessage[]> {
    const rows = await readRows<RawMessage>(db, Prisma.sql`
      SELECT ${RAW_MESSAGE_COLUMNS} FROM "Message" WHERE ${where} ORDER BY "seq" ${Prisma.raw(order === "asc" ? "ASC" : "DESC")} LIMIT ${limit}`);
    return rows.map(storedMessage);
  }

  return {
    /**
     * What a send decides on, in one round trip: a message already stored under this client id,
     * the recipient's inbox settings (defaults without a row), and both sides' conversations.
     */
    sendFacts(senderId: string, recipientId: string, clientId: string): Promise<SendFacts> {
      return readFacts({ senderId, recipientId, clientId });
    },

    findSent(senderId: string, clientId: string): Promise<StoredMessage | null> {
      return db.message.findUnique({ where: { senderId_clientId: { senderId, clientId } }, select: messageColumns });
    },

    async conversation(ownerId: string, peerId: string): Promise<StoredConversation | null> {
      const row = await db.conversation.findUnique({ where: { ownerId_peerId: { ownerId, peerId } }, select: conversationColumns });
      return row && toConversation(row);
    },

    /** Raw, past Prisma's engine on SQLite: every page of messages asks for its conversations. */
    async conversationsWith(ownerId: string, peerIds: string[]): Promise<StoredConversation[]> {
      if (peerIds.length === 0) return [];
      const rows = await readRows<Parameters<typeof toConversation>[0]>(db, Prisma.sql`
        SELECT "ownerId", "peerId", "state", "lastSeq", "lastReadSeq", "peerReadSeq", "acknowledged", "pinnedAt", "muted", "markedUnread"
        FROM "Conversation" WHERE "ownerId" = ${ownerId} AND "peerId" IN (${Prisma.join(peerIds)})`);
      return rows.map(toConversation);
    },

    /**
     * The conversations an inbox lists (accepted ones and requests with a message), pinned ones
     * first, newest first within each part, each with its unread count: one statement for the
     * inboxes of a turn (listed-conversations.ts), as it runs on every (re)connect.
     */
    listed(ownerId: string, limit: number): Promise<ListedConversation[]> {
      return readListed({ ownerId, limit });
    },

    /**
     * Stores a message and moves both sides' conversations to it. The sender's side becomes
     * accepted (writing to someone accepts them); the recipient's side takes `recipientState`,
     * or stays as it is when the message is held back (null: a declined conversation), and the
     * message is then hidden from the recipient. Throws DuplicateMessageError for a client id
     * the sender used before. Resolves once the message is committed (group commit: with the
     * messages and changes that arrived while the previous write was in flight).
     */
    add: groupCommit.addMessage,

    /**
     * Of these messages, those addressed to the recipient that it still has and had not
     * confirmed, with their senders, oldest first.
     */
    unconfirmed(recipientId: string, ids: string[]): Promise<{ id: string; senderId: string }[]> {
      if (ids.length === 0) return Promise.resolve([]);
      return readUnconfirmed({ recipientId, ids });
    },

    /**
     * A device of the recipient has these messages: marks those it received, still has, had not
     * confirmed, and that sit in a conversation it accepted and has written in since (a
     * request's sender must not learn whether it was seen, nor that it was accepted), in one
     * statement. Returns what it marked, oldest first.
     */
    confirmDelivered(recipientId: string, ids: string[], at: Date): Promise<{ id: string; senderId: string }[]> {
      if (ids.length === 0) return Promise.resolve([]);
      return confirmBatch({ recipientId, ids, at });
    },

    /** Raw, past Prisma's engine on SQLite: every connect's inbox snapshot reads its conversations' newest. */
    async bySeq(seqs: number[]): Promise<StoredMessage[]> {
      if (seqs.length === 0) return [];
      const rows = await readRows<RawMessage>(db, Prisma.sql`
        SELECT ${RAW_MESSAGE_COLUMNS} FROM "Message" WHERE "seq" IN (${Prisma.join(seqs)})`);
      return rows.map(storedMessage);
    },

    /** A page of one conversation as its owner has it, newest first. */
    async page(ownerId: string, peerId: string, beforeSeq: number | undefined, limit: number) {
      const before = beforeSeq === undefined ? Prisma.empty : Prisma.sql` AND "seq" < ${beforeSeq}`;
      const [received, sent] = await Promise.all([
        messagesWhere(Prisma.sql`"recipientId" = ${ownerId} AND "senderId" = ${peerId} AND "deletedByRecipient" = ${false}${before}`, "desc", limit + 1),
        messagesWhere(Prisma.sql`"senderId" = ${ownerId} AND "recipientId" = ${peerId} AND "deletedBySender" = ${false}${before}`, "desc", limit + 1),
      ]);
      return mergePage(received, sent, limit, "desc");
    },

    /** Everything the owner has after a seq, across conversations, oldest first (every reconnect catches up with it). */
    async after(ownerId: string, afterSeq: number, limit: number) {
      const [received, sent] = await Promise.all([
        messagesWhere(Prisma.sql`"recipientId" = ${ownerId} AND "deletedByRecipient" = ${false} AND "seq" > ${afterSeq}`, "asc", limit + 1),
        messagesWhere(Prisma.sql`"senderId" = ${ownerId} AND "deletedBySender" = ${false} AND "seq" > ${afterSeq}`, "asc", limit + 1),
      ]);
      return mergePage(received, sent, limit, "asc");
    },

    /** The owner's messages in a range, in its order, and whether more lie beyond the limit. */
    async archive(ownerId: string, range: ArchiveRange) {
      const seq = { gt: range.afterSeq, lt: range.beforeSeq };
      const sentAt = { gte: range.start, lte: range.end };
      const peer = range.peerId ?? undefined;
      const [received, sent] = await Promise.all([
        db.message.findMany({
          where: { recipientId: ownerId, senderId: peer, deletedByRecipient: false, seq, sentAt },
          orderBy: { seq: range.order },
          take: range.limit + 1,
          select: messageColumns,
        }),
        db.message.findMany({
          where: { senderId: ownerId, recipientId: peer, deletedBySender: false, seq, sentAt },
          orderBy: { seq: range.order },
          take: range.limit + 1,
          select: messageColumns,
        }),
      ]);
      return mergePage(received, sent, range.limit, range.order);
    },

    /**
     * Unread messages per peer, for every conversation of the owner that may have some. One
     * count per conversation (a correlated subquery), so each reads only the index range
     * above its read mark — a join would let the planner walk everything the owner received.
     */
    unreadCount(ownerId: string, peerId: string, lastReadSeq: number): Promise<number> {
      return db.message.count({
        where: { recipientId: ownerId, senderId: peerId, deletedByRecipient: false, seq: { gt: lastReadSeq } },
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

    /** Read at every XMPP sign-in without a cursor. */
    undelivered(ownerId: string, limit: number) {
      return messagesWhere(Prisma.sql`"recipientId" = ${ownerId} AND "deliveredAt" IS NULL AND "deletedByRecipient" = ${false}`, "asc", limit);
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

    /**
     * The owner accepts the peer's message request, silently: the conversation stays
     * unacknowledged until the owner writes in it. False when it was not a request.
     */
    async accept(ownerId: string, peerId: string): Promise<boolean> {
      const { count } = await db.conversation.updateMany({
        where: { ownerId, peerId, state: "request" },
        data: { state: "accepted", acknowledged: false },
      });
      return count > 0;
    },

    /** The owner wrote in a conversation it had accepted silently. False when there was nothing to do. */
    async acknowledge(ownerId: string, peerId: string): Promise<boolean> {
      const { count } = await db.conversation.updateMany({ where: { ownerId, peerId, acknowledged: false }, data: { acknowledged: true } });
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
          data: { lastSeq: 0, lastReadSeq: Math.max(lastSeq, conversation.lastReadSeq), pinnedAt: null, markedUnread: false },
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

    /** Sets the owner's marks on a conversation. False when there is no such conversation or nothing changed. */
    async setFlags(ownerId: string, peerId: string, flags: ConversationFlags): Promise<boolean> {
      // Only a row whose marks differ is written, so "nothing changed" needs no extra read.
      const differs: Prisma.ConversationWhereInput[] = [];
      if (flags.muted !== undefined) differs.push({ muted: !flags.muted });
      if (flags.markedUnread !== undefined) differs.push({ markedUnread: !flags.markedUnread });
      if (flags.pinnedAt === null) differs.push({ pinnedAt: { not: null } });
      else if (flags.pinnedAt !== undefined) differs.push({ pinnedAt: null });
      if (differs.length === 0) return false;
      const { count } = await db.conversation.updateMany({ where: { ownerId, peerId, OR: differs }, data: flags });
      return count > 0;
    },

    /** How many of the conversations the owner's inbox lists are pinned. */
    pinnedCount(ownerId: string): Promise<number> {
      return db.conversation.count({
        where: { ownerId, pinnedAt: { not: null }, lastSeq: { gt: 0 }, state: { in: ["accepted", "request"] } },
      });
    },
  };
}
