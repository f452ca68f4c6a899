// Storage of INSTANT MESSAGES and of each side's conversations. A message is one row; each
// participant has a Conversation row (its state, newest message, read marks). Deleting hides
// a message from one side only (a flag per side). History and catch-up read one index range
// per direction (received, sent) and merge the two, so a page costs two range scans however
// large the inbox is.
//
// The send path is the hot one, and each statement through Prisma costs a fixed overhead on
// top of the database's own work, so it uses few statements and shares them between sends:
// what a send decides on (a retry, the recipient's settings, both conversations) is one
// SELECT, for every send of one event-loop turn together; stores are group-committed (one
// transaction, one multi-row INSERT and one upsert of the conversations, for every message that
// arrived within a millisecond or while the previous write was in flight); delivery
// confirmations of one turn are one SELECT of what they name and one UPDATE … RETURNING. Plain
// SQL, the same for SQLite and PostgreSQL but for placeholders and PostgreSQL's advisory locks.
import type { ConversationState } from "@/lib/im/rules/delivery";
import type { AcceptFrom, InboxSettings } from "@/lib/protocol/im";
import type { Db } from "../client";
import { DEFAULT_INBOX_SETTINGS } from "./inbox-settings-store";
import { rawBoolean, rawDate } from "../raw-values";

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
  /** False after the owner accepted the peer's request silently, until the owner writes in it. */
  acknowledged: boolean;
};

export type NewMessage = Omit<StoredMessage, "seq" | "deliveredAt">;

/** Everything a send decides on, read in one statement (see sendFacts). */
export type SendFacts = {
  /** The message the sender already stored under this client id (a retry), if any. */
  earlier: StoredMessage | null;
  /** The recipient's delivery-rule settings. */
  settings: InboxSettings;
  /** The recipient's side of the conversation (its state decides for non-contacts). */
  recipientSide: StoredConversation | null;
  /** The sender's side. */
  senderSide: StoredConversation | null;
};

/** A row of sendFacts: each side's columns under its own prefix (r: recipient's, s: sender's, m: earlier message). */
type SendFactsRow = {
  acceptFrom: string | null;
  readReceipts: unknown;
  notifyWhileBusy: unknown;
  rState: string | null;
  rLastSeq: number | bigint | null;
  rLastReadSeq: number | bigint | null;
  rPeerReadSeq: number | bigint | null;
  rAcknowledged: unknown;
  sState: string | null;
  sLastSeq: number | bigint | null;
  sLastReadSeq: number | bigint | null;
  sPeerReadSeq: number | bigint | null;
  sAcknowledged: unknown;
  mSeq: number | bigint | null;
  mId: string | null;
  mRecipientId: string | null;
  mBody: string | null;
  mSentAt: Date | string | null;
  mDeliveredAt: Date | string | null;
};

/**
 * Calls of one turn of the event loop, answered by one `run` over all of them (at most
 * MAX_BATCH at a time): under load, one statement serves many sends; alone, one call costs one
 * statement as before, a moment later. If `run` fails, every call of its batch fails.
 */
function batched<Q, R>(run: (requests: Q[]) => Promise<R[]>): (request: Q) => Promise<R> {
  const pending: { request: Q; resolve: (result: R) => void; reject: (error: unknown) => void }[] = [];
  const flush = () => {
    const calls = pending.splice(0, MAX_BATCH);
    if (pending.length > 0) setImmediate(flush);
    run(calls.map((call) => call.request)).then(
      (results) => calls.forEach((call, index) => call.resolve(results[index]!)),
      (error: unknown) => calls.forEach((call) => call.reject(error)),
    );
  };
  return (request) =>
    new Promise((resolve, reject) => {
      if (pending.length === 0) setImmediate(flush);
      pending.push({ request, resolve, reject });
    });
}

/**
 * How long the first message of a batch waits for others: sends whose frames arrived within a
 * millisecond share one commit. (Waiting longer writes fewer pages per message — 3 ms saved a
 * tenth of the CPU time at 1 000 messages a second — but added more latency than it saved.)
 */
const GROUP_COMMIT_MS = 1;

/** Most messages one group commit writes. */
const MAX_BATCH = 100;

type PendingWrite = {
  message: NewMessage;
  recipientState: "accepted" | "request" | null;
  resolve: (stored: StoredMessage) => void;
  reject: (error: unknown) => void;
};

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
  acknowledged: true,
} as const;

const toConversation = (row: Omit<StoredConversation, "state" | "acknowledged"> & { state: string; acknowledged: unknown }): StoredConversation => ({
  ...row,
  state: row.state as ConversationState,
  acknowledged: rawBoolean(row.acknowledged),
});

/** Two lists each ordered by seq the same way, merged, cut to `limit`, with whether more exist. */
function mergePage(a: StoredMessage[], b: StoredMessage[], limit: number, order: "asc" | "desc") {
  const merged = [...a, ...b].sort((x, y) => (order === "asc" ? x.seq - y.seq : y.seq - x.seq));
  return { messages: merged.slice(0, limit), hasMore: merged.length > limit };
}

export function createMessageStore(db: Db, provider: "sqlite" | "postgresql") {
  /**
   * Group commit: messages arriving within GROUP_COMMIT_MS of the first, or while a write is in
   * flight, go together in one transaction (at most MAX_BATCH): three or four statements for
   * all of them instead of five each.
   */
  const queue: PendingWrite[] = [];
  let writing = false;

  /** `?` for SQLite, `$n` for PostgreSQL. */
  const placeholders = (count: number, first: number) =>
    Array.from({ length: count }, (_, index) => (provider === "postgresql" ? `$${first + index}` : "?"));

  /**
   * Writes a batch in one transaction; returns the seq of each message stored (by id). A message
   * whose client id the sender used before is skipped (ON CONFLICT DO NOTHING): it has no seq.
   *
   * Catch-up must never skip a message: a client that saw seq N asks for everything after N, so
   * no message involving the same account may commit later with a smaller seq. SQLite has one
   * writer at a time, so seq order is commit order. PostgreSQL draws seqs concurrently, so a
   * batch first locks every participant's inbox (advisory locks, in sorted order: never a
   * deadlock), as one message alone did.
   */
  async function writeBatch(batch: PendingWrite[]): Promise<Map<string, number>> {
    const messageValues: unknown[] = [];
    const messageRows = batch.map(({ message, recipientState }, index) => {
      messageValues.push(
        message.id,
        message.senderId,
        message.recipientId,
        message.clientId,
        message.body,
        message.sentAt,
        recipientState === null,
      );
      return `(${placeholders(7, 1 + index * 7).join(", ")})`;
    });
    const insert = db.$queryRawUnsafe<{ seq: number | bigint; id: string }[]>(
      `INSERT INTO "Message" ("id", "senderId", "recipientId", "clientId", "body", "sentAt", "deletedByRecipient")
       VALUES ${messageRows.join(", ")}
       ON CONFLICT ("senderId", "clientId") DO NOTHING
       RETURNING "seq", "id"`,
      ...messageValues,
    );

    // Each side's conversation moves to its newest message of the batch, once per row (PostgreSQL
    // refuses an upsert touching a row twice). The sender's side becomes accepted; the
    // recipient's takes the message's state, accepted winning over request (as one after the
    // other would leave it), or is left alone for a message held back.
    const sides = new Map<string, { ownerId: string; peerId: string; accepted: boolean; ids: string[] }>();
    const touch = (ownerId: string, peerId: string, accepted: boolean, id: string) => {
      const key = `${ownerId}>${peerId}`;
      const side = sides.get(key) ?? { ownerId, peerId, accepted: false, ids: [] };
      side.accepted ||= accepted;
      side.ids.push(id);
      sides.set(key, side);
    };
    for (const { message, recipientState } of batch) {
      touch(message.senderId, message.recipientId, true, message.id);
      if (recipientState !== null) touch(message.recipientId, message.senderId, recipientState === "accepted", message.id);
    }
    // The time comes first: SQLite's `?` bind in textual order, and it is the first one written.
    const at = new Date(Math.max(...batch.map(({ message }) => message.sentAt.getTime())));
    const sideValues: unknown[] = [at];
    const atParameter = placeholders(1, 1)[0]!;
    const sideRows: string[] = [];
    for (const side of sides.values()) {
      for (const id of side.ids) {
        sideRows.push(`(${placeholders(4, 1 + sideValues.length).join(", ")})`);
        sideValues.push(side.ownerId, side.peerId, side.accepted ? "accepted" : "request", id);
      }
    }
    // Reads each seq back by message id: a message skipped as a duplicate moves nothing.
    const upsert = db.$executeRawUnsafe(
      `INSERT INTO "Conversation" ("ownerId", "peerId", "state", "lastSeq", "updatedAt")
       SELECT v.column1, v.column2, v.column3, MAX(m."seq"), ${provider === "postgresql" ? `CAST(${atParameter} AS TIMESTAMP(3))` : atParameter}
       FROM (VALUES ${sideRows.join(", ")}) AS v JOIN "Message" m ON m."id" = v.column4
       WHERE true
       GROUP BY v.column1, v.column2, v.column3
       ON CONFLICT ("ownerId", "peerId") DO UPDATE
       SET "state" = CASE WHEN excluded."state" = 'accepted' THEN 'accepted' ELSE "Conversation"."state" END,
           "lastSeq" = excluded."lastSeq", "updatedAt" = excluded."updatedAt"`,
      ...sideValues,
    );
    const participants = [...new Set(batch.flatMap(({ message }) => [message.senderId, message.recipientId]))].sort();
    const locks =
      provider === "postgresql"
        ? [db.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(id)) FROM unnest(${participants}::text[]) AS t(id)`]
        : [];
    const results = await db.$transaction([...locks, insert, upsert]);
    const stored = results[locks.length] as { seq: number | bigint; id: string }[];
    return new Map(stored.map((row) => [row.id, Number(row.seq)]));
  }

  function settle(write: PendingWrite, seqs: Map<string, number>) {
    const seq = seqs.get(write.message.id);
    if (seq === undefined) write.reject(new DuplicateMessageError());
    else write.resolve({ ...write.message, seq, deliveredAt: null });
  }

  async function drain() {
    writing = true;
    while (queue.length > 0) {
      const batch = queue.splice(0, MAX_BATCH);
      try {
        const seqs = await writeBatch(batch);
        for (const write of batch) settle(write, seqs);
      } catch (error) {
        if (batch.length === 1) {
          batch[0]!.reject(error);
          continue;
        }
        // One bad message must not fail the others: each again on its own.
        for (const write of batch) {
          try {
            settle(write, await writeBatch([write]));
          } catch (single) {
            write.reject(single);
          }
        }
      }
    }
    writing = false;
  }

  /** Send facts of every send that asked in this turn of the event loop, in one statement. */
  const readFacts = batched(async (requests: { senderId: string; recipientId: string; clientId: string }[]) => {
    const values = requests.flatMap((request, index) => [String(index), request.senderId, request.recipientId, request.clientId]);
    const rows = requests.map((_, index) => `(${placeholders(4, 1 + index * 4).join(", ")})`);
    // v.column1: the request's index, column2: sender, column3: recipient, column4: client id.
    const found = await db.$queryRawUnsafe<(SendFactsRow & { k: string })[]>(
      `SELECT v.column1 AS "k",
         i."acceptFrom" AS "acceptFrom", i."readReceipts" AS "readReceipts", i."notifyWhileBusy" AS "notifyWhileBusy",
         r."state" AS "rState", r."lastSeq" AS "rLastSeq", r."lastReadSeq" AS "rLastReadSeq", r."peerReadSeq" AS "rPeerReadSeq",
         r."acknowledged" AS "rAcknowledged",
         s."state" AS "sState", s."lastSeq" AS "sLastSeq", s."lastReadSeq" AS "sLastReadSeq", s."peerReadSeq" AS "sPeerReadSeq",
         s."acknowledged" AS "sAcknowledged",
         m."seq" AS "mSeq", m."id" AS "mId", m."recipientId" AS "mRecipientId", m."body" AS "mBody",
         m."sentAt" AS "mSentAt", m."deliveredAt" AS "mDeliveredAt"
       FROM (VALUES ${rows.join(", ")}) AS v
       LEFT JOIN "InstantInbox" i ON i."userId" = v.column3
       LEFT JOIN "Conversation" r ON r."ownerId" = v.column3 AND r."peerId" = v.column2
       LEFT JOIN "Conversation" s ON s."ownerId" = v.column2 AND s."peerId" = v.column3
       LEFT JOIN "Message" m ON m."senderId" = v.column2 AND m."clientId" = v.column4`,
      ...values,
    );
    const byIndex = new Map(found.map((row) => [Number(row.k), row]));
    return requests.map(({ senderId, recipientId, clientId }, index): SendFacts => {
      const row = byIndex.get(index);
      if (!row) throw new Error("sendFacts: no row");
      const side = (ownerId: string, peerId: string, state: string | null, seqs: (number | bigint | null)[], acknowledged: unknown) =>
        state === null
          ? null
          : toConversation({
              ownerId,
              peerId,
              state,
              lastSeq: Number(seqs[0]),
              lastReadSeq: Number(seqs[1]),
              peerReadSeq: Number(seqs[2]),
              acknowledged,
            });
      return {
        earlier:
          row.mSeq === null
            ? null
            : {
                seq: Number(row.mSeq),
                id: row.mId!,
                senderId,
                recipientId: row.mRecipientId!,
                clientId,
                body: row.mBody!,
                sentAt: rawDate(row.mSentAt!),
                deliveredAt: row.mDeliveredAt === null ? null : rawDate(row.mDeliveredAt),
              },
        settings:
          row.acceptFrom === null
            ? DEFAULT_INBOX_SETTINGS
            : {
                acceptFrom: row.acceptFrom as AcceptFrom,
                readReceipts: rawBoolean(row.readReceipts),
                notifyWhileBusy: rawBoolean(row.notifyWhileBusy),
              },
        recipientSide: side(recipientId, senderId, row.rState, [row.rLastSeq, row.rLastReadSeq, row.rPeerReadSeq], row.rAcknowledged),
        senderSide: side(senderId, recipientId, row.sState, [row.sLastSeq, row.sLastReadSeq, row.sPeerReadSeq], row.sAcknowledged),
      };
    });
  });

  /**
   * Of the messages delivery confirmations of this turn name, those still waiting to be
   * confirmed (addressed to the recipient confirming, not confirmed, not deleted), with their
   * senders, in one statement: receipts to some senders are held, so the senders come first.
   */
  const readUnconfirmed = batched(async (requests: { recipientId: string; ids: string[] }[]) => {
    const ids = [...new Set(requests.flatMap((request) => request.ids))];
    const found = await db.$queryRawUnsafe<{ id: string; senderId: string; recipientId: string; seq: number | bigint }[]>(
      `SELECT "id", "senderId", "recipientId", "seq" FROM "Message"
       WHERE "id" IN (${placeholders(ids.length, 1).join(", ")})
         AND "deliveredAt" IS NULL AND "deletedByRecipient" = false`,
      ...ids,
    );
    found.sort((a, b) => Number(a.seq) - Number(b.seq));
    return requests.map(({ recipientId, ids: asked }) => {
      const named = new Set(asked);
      return found
        .filter((row) => row.recipientId === recipientId && named.has(row.id))
        .map((row) => ({ id: row.id, senderId: row.senderId }));
    });
  });

  /**
   * Delivery confirmations of this turn of the event loop, in one statement: each marks only
   * messages its own recipient received, still has, had not confirmed, in a conversation it
   * accepted and has written in since (see Conversation.acknowledged). The time of the first
   * confirmation stands for all of the turn's.
   */
  const markDelivered = batched(async (requests: { recipientId: string; ids: string[]; at: Date }[]) => {
    const pairs = requests.flatMap(({ recipientId, ids }) => ids.map((id) => [id, recipientId] as const));
    const values: unknown[] = [requests[0]!.at];
    const rows = pairs.map(([id, recipientId]) => {
      const row = `(${placeholders(2, 1 + values.length).join(", ")})`;
      values.push(id, recipientId);
      return row;
    });
    const updated = await db.$queryRawUnsafe<{ id: string; senderId: string; recipientId: string; seq: number | bigint }[]>(
      `UPDATE "Message" SET "deliveredAt" = ${placeholders(1, 1)[0]}
       FROM (VALUES ${rows.join(", ")}) AS v
       WHERE "Message"."id" = v.column1 AND "Message"."recipientId" = v.column2
         AND "Message"."deliveredAt" IS NULL AND "Message"."deletedByRecipient" = false
         AND EXISTS (SELECT 1 FROM "Conversation" c
           WHERE c."ownerId" = "Message"."recipientId" AND c."peerId" = "Message"."senderId"
             AND c."state" = 'accepted' AND c."acknowledged" = true)
       RETURNING "Message"."id" AS "id", "Message"."senderId" AS "senderId", "Message"."recipientId" AS "recipientId", "Message"."seq" AS "seq"`,
      ...values,
    );
    updated.sort((a, b) => Number(a.seq) - Number(b.seq));
    return requests.map(({ recipientId, ids }) => {
      const asked = new Set(ids);
      return updated
        .filter((row) => row.recipientId === recipientId && asked.has(row.id))
        .map((row) => ({ id: row.id, senderId: row.senderId }));
    });
  });

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

    async conversationsWith(ownerId: string, peerIds: string[]): Promise<StoredConversation[]> {
      if (peerIds.length === 0) return [];
      const rows = await db.conversation.findMany({ where: { ownerId, peerId: { in: peerIds } }, select: conversationColumns });
      return rows.map(toConversation);
    },

    /** The conversations an inbox shows (accepted ones and requests holding messages), newest first. */
    /**
     * The conversations an inbox lists (accepted ones and requests with a message), newest first,
     * each with its unread count, in one statement: it runs on every (re)connect.
     */
    async listed(ownerId: string, limit: number): Promise<(StoredConversation & { unread: number })[]> {
      const rows = await db.$queryRaw<
        (Omit<StoredConversation, "state" | "acknowledged"> & { state: string; acknowledged: unknown; unread: number | bigint })[]
      >`
        SELECT c."ownerId" AS "ownerId", c."peerId" AS "peerId", c."state" AS "state", c."lastSeq" AS "lastSeq",
               c."lastReadSeq" AS "lastReadSeq", c."peerReadSeq" AS "peerReadSeq", c."acknowledged" AS "acknowledged",
               CASE WHEN c."lastSeq" > c."lastReadSeq" THEN (
                 SELECT COUNT(*) FROM "Message" m
                 WHERE m."recipientId" = c."ownerId" AND m."senderId" = c."peerId"
                   AND m."seq" > c."lastReadSeq" AND m."deletedByRecipient" = false
               ) ELSE 0 END AS "unread"
        FROM "Conversation" c
        WHERE c."ownerId" = ${ownerId} AND c."lastSeq" > 0 AND c."state" IN ('accepted', 'request')
        ORDER BY c."lastSeq" DESC
        LIMIT ${limit}`;
      return rows.map((row) => ({
        ...toConversation({
          ...row,
          lastSeq: Number(row.lastSeq),
          lastReadSeq: Number(row.lastReadSeq),
          peerReadSeq: Number(row.peerReadSeq),
        }),
        unread: Number(row.unread),
      }));
    },

    /**
     * Stores a message and moves both sides' conversations to it. The sender's side becomes
     * accepted (writing to someone accepts them); the recipient's side takes `recipientState`,
     * or stays as it is when the message is held back (null: a declined conversation), and the
     * message is then hidden from the recipient. Throws DuplicateMessageError for a client id
     * the sender used before. Resolves once the message is committed (group commit: with the
     * messages that arrived while the previous write was in flight).
     */
    add(message: NewMessage, recipientState: "accepted" | "request" | null): Promise<StoredMessage> {
      return new Promise((resolve, reject) => {
        queue.push({ message, recipientState, resolve, reject });
        if (writing) return;
        // The first message of a batch waits a moment for others to join it (see GROUP_COMMIT_MS).
        writing = true;
        setTimeout(() => void drain(), GROUP_COMMIT_MS);
      });
    },

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
      return markDelivered({ recipientId, ids, at });
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
