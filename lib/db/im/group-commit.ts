// Group commit of the send path: messages and changes to messages (reactions, edits, deletions)
// arriving within GROUP_COMMIT_MS of the first, or while a write is in flight, go together in one
// transaction (at most MAX_BATCH): one multi-row INSERT and one upsert of the conversations for
// all messages instead of five statements each, and each change's two statements, sharing the
// BEGIN, the COMMIT and the log pages written. Plain SQL for messages, the same for SQLite and
// PostgreSQL but for placeholders and PostgreSQL's advisory locks (which keep seq order equal to
// commit order, see writeBatch); on SQLite the transactions run on the writer thread.
import type { Db } from "../client";
import { groupCommitted } from "../batched";
import type { WriteStatement } from "../sqlite-writer";
import { runTransaction } from "../transactions";
import { changeStatements, isUniqueViolation } from "./change-writes";
import { DuplicateChangeError, type NewChange } from "./message-change-store";
import { DuplicateMessageError, type NewMessage, type StoredMessage } from "./message-store";
import { type Provider, placeholdersFor } from "./sql";

/**
 * How long the first message of a batch waits for others: sends whose frames arrived within a
 * millisecond share one commit. (Waiting longer writes fewer pages per message — 3 ms saved a
 * tenth of the CPU time at 1 000 messages a second — but added more latency than it saved.)
 */
const GROUP_COMMIT_MS = 1;

type PendingMessage = { message: NewMessage; recipientState: "accepted" | "request" | null };
type PendingWrite = PendingMessage | { change: NewChange };

export type GroupCommit = {
  /**
   * The message store's `add`: resolves with the message as stored once it is committed, or
   * rejects with DuplicateMessageError for a client id the sender used before.
   */
  addMessage(message: NewMessage, recipientState: "accepted" | "request" | null): Promise<StoredMessage>;
  /**
   * The change store's `apply`: resolves with the change seq once committed, or rejects with
   * DuplicateChangeError for a client id the actor used before (its batch then fails, and each
   * of the batch's writes is tried again alone).
   */
  applyChange(change: NewChange): Promise<number>;
};

/** One group commit per database client, so the message store and the change store share its transactions. */
const commits = new WeakMap<Db, GroupCommit>();

export function groupCommitOf(db: Db, provider: Provider): GroupCommit {
  let commit = commits.get(db);
  if (!commit) {
    commit = createGroupCommit(db, provider);
    commits.set(db, commit);
  }
  return commit;
}

function createGroupCommit(db: Db, provider: Provider): GroupCommit {
  const placeholders = placeholdersFor(provider);

  /**
   * Writes a batch in one transaction; returns the seq of each message stored and of each change
   * (by write). A message whose client id the sender used before is skipped (ON CONFLICT DO
   * NOTHING): it has no seq.
   *
   * Catch-up must never skip a message or a change: a client that saw seq N asks for everything
   * after N, so no message (or change) involving the same account may commit later with a
   * smaller seq. SQLite has one writer at a time, so seq order is commit order. PostgreSQL draws
   * seqs concurrently, so a batch first locks every participant's inbox (advisory locks, in
   * sorted order: never a deadlock), as one message alone did.
   */
  async function writeBatch(writes: PendingWrite[]): Promise<Map<PendingWrite, number>> {
    const messages: PendingMessage[] = [];
    const changes: { write: PendingWrite; change: NewChange }[] = [];
    for (const write of writes) {
      if ("message" in write) messages.push(write);
      else changes.push({ write, change: write.change });
    }
    const participants = new Set<string>();
    for (const { message } of messages) participants.add(message.senderId).add(message.recipientId);
    for (const { change } of changes) participants.add(change.actorId).add(change.peerId);
    const ids = [...participants].sort();
    const locks: WriteStatement[] =
      provider === "postgresql"
        ? [{ sql: `SELECT pg_advisory_xact_lock(hashtext(id)) FROM unnest($1::text[]) AS t(id)`, values: [ids] }]
        : [];
    const messageWrites = messages.length > 0 ? messageStatements(messages) : [];
    const changeWrites = changes.flatMap(({ change }) => {
      const { logged, applied } = changeStatements(placeholders, change);
      return [logged, applied];
    });
    const results = await runTransaction(db, [...locks, ...messageWrites, ...changeWrites]);

    const seqs = new Map<PendingWrite, number>();
    if (messages.length > 0) {
      const stored = results[locks.length] as { seq: number | bigint; id: string }[];
      const byId = new Map(stored.map((row) => [row.id, Number(row.seq)]));
      for (const write of messages) {
        const seq = byId.get(write.message.id);
        if (seq !== undefined) seqs.set(write, seq);
      }
    }
    const firstChange = locks.length + messageWrites.length;
    changes.forEach(({ write }, index) => {
      const [logged] = results[firstChange + 2 * index] as { seq: number | bigint }[];
      seqs.set(write, Number(logged!.seq));
    });
    return seqs;
  }

  /** The batch's messages: one multi-row INSERT, one upsert of both sides' conversations. */
  function messageStatements(batch: PendingMessage[]): WriteStatement[] {
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
    const insert: WriteStatement = {
      sql: `INSERT INTO "Message" ("id", "senderId", "recipientId", "clientId", "body", "sentAt", "deletedByRecipient", "replyToSeq")
       VALUES ${messageRows.join(", ")}
       ON CONFLICT ("senderId", "clientId") DO NOTHING
       RETURNING "seq", "id"`,
      values: messageValues,
      rows: true,
    };

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
    const upsert: WriteStatement = {
      sql: `INSERT INTO "Conversation" ("ownerId", "peerId", "state", "lastSeq", "updatedAt")
       SELECT v.column1, v.column2, v.column3, MAX(m."seq"), ${provider === "postgresql" ? `CAST(${atParameter} AS TIMESTAMP(3))` : atParameter}
       FROM (VALUES ${sideRows.join(", ")}) AS v JOIN "Message" m ON m."id" = v.column4
       WHERE true
       GROUP BY v.column1, v.column2, v.column3
       ON CONFLICT ("ownerId", "peerId") DO UPDATE
       SET "state" = CASE WHEN excluded."state" = 'accepted' THEN 'accepted' ELSE "Conversation"."state" END,
           "lastSeq" = excluded."lastSeq", "updatedAt" = excluded."updatedAt"`,
      values: sideValues,
    };
    return [insert, upsert];
  }

  // A message skipped as a duplicate has no seq; a change's unique violation fails its batch.
  const commit = groupCommitted(async (batch: PendingWrite[]) => {
    const seqs = await writeBatch(batch);
    return (write): number => {
      const seq = seqs.get(write);
      if (seq === undefined) throw new DuplicateMessageError();
      return seq;
    };
  }, GROUP_COMMIT_MS);
  return {
    async addMessage(message, recipientState) {
      const seq = await commit({ message, recipientState });
      return { ...message, seq, deliveredAt: null };
    },
    async applyChange(change) {
      try {
        return await commit({ change });
      } catch (error) {
        if (isUniqueViolation(error)) throw new DuplicateChangeError();
        throw error;
      }
    },
  };
}
