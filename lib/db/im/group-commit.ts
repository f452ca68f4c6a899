// Group commit of the send path: messages arriving within GROUP_COMMIT_MS of the first, or
// while a write is in flight, go together in one transaction (at most MAX_BATCH): one multi-row
// INSERT and one upsert of the conversations for all of them instead of five statements each.
// Plain SQL, the same for SQLite and PostgreSQL but for placeholders and PostgreSQL's advisory
// locks (which keep seq order equal to commit order, see writeBatch).
import type { Db } from "../client";
import { groupCommitted } from "../batched";
import { DuplicateMessageError, type NewMessage, type StoredMessage } from "./message-store";
import { type Provider, placeholdersFor } from "./sql";

/**
 * How long the first message of a batch waits for others: sends whose frames arrived within a
 * millisecond share one commit. (Waiting longer writes fewer pages per message — 3 ms saved a
 * tenth of the CPU time at 1 000 messages a second — but added more latency than it saved.)
 */
const GROUP_COMMIT_MS = 1;

type PendingWrite = { message: NewMessage; recipientState: "accepted" | "request" | null };

/**
 * The message store's `add`: resolves with the message as stored once it is committed, or
 * rejects with DuplicateMessageError for a client id the sender used before.
 */
export function createGroupCommit(db: Db, provider: Provider) {
  const placeholders = placeholdersFor(provider);

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
        message.replyToSeq ?? null,
      );
      return `(${placeholders(8, 1 + index * 8).join(", ")})`;
    });
    const insert = db.$queryRawUnsafe<{ seq: number | bigint; id: string }[]>(
      `INSERT INTO "Message" ("id", "senderId", "recipientId", "clientId", "body", "sentAt", "deletedByRecipient", "replyToSeq")
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

  const commit = groupCommitted(async (batch: PendingWrite[]) => {
    const seqs = await writeBatch(batch);
    return ({ message }): StoredMessage => {
      const seq = seqs.get(message.id);
      if (seq === undefined) throw new DuplicateMessageError();
      return { ...message, seq, deliveredAt: null };
    };
  }, GROUP_COMMIT_MS);
  return (message: NewMessage, recipientState: "accepted" | "request" | null): Promise<StoredMessage> =>
    commit({ message, recipientState });
}
