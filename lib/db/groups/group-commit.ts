// Group commit of group messages (as lib/db/im/group-commit.ts does for one-to-one ones): sends
// arriving while a write is in flight go together in one multi-row INSERT. One row per message,
// whatever the number of members. A client id the sender used before is skipped (ON CONFLICT DO
// NOTHING) and rejected with DuplicateGroupMessageError. On SQLite the writer thread runs it.
import type { Db } from "../client";
import { groupCommitted } from "../batched";
import type { WriteStatement } from "../sqlite-writer";
import { runTransaction } from "../transactions";
import { type Provider, placeholdersFor } from "../im/sql";
import { DuplicateGroupMessageError, type NewGroupMessage, type StoredGroupMessage } from "./group-store";

const GROUP_COMMIT_MS = 1;

/**
 * Group seqs are one space, and a member's cursor spans its groups, so no group message may
 * commit after one with a larger seq. SQLite has one writer; on PostgreSQL every writer of
 * group seqs (sends, system lines) takes this one advisory lock inside its transaction.
 */
export const GROUP_SEQ_LOCK = 0x67726f75; // "grou"

type PendingWrite = { message: NewGroupMessage };

export function createGroupMessageCommit(db: Db, provider: Provider) {
  const placeholders = placeholdersFor(provider);

  async function writeBatch(batch: PendingWrite[]): Promise<Map<string, number>> {
    const values: unknown[] = [];
    const rows = batch.map(({ message }, index) => {
      values.push(
        message.id,
        message.groupId,
        message.senderId,
        message.clientId,
        message.body,
        message.event ?? null,
        message.sentAt,
        message.replyToSeq ?? null,
      );
      return `(${placeholders(8, 1 + index * 8).join(", ")})`;
    });
    const insert: WriteStatement = {
      sql: `INSERT INTO "GroupMessage" ("id", "groupId", "senderId", "clientId", "body", "event", "sentAt", "replyToSeq")
       VALUES ${rows.join(", ")}
       ON CONFLICT ("senderId", "clientId") DO NOTHING
       RETURNING "seq", "id"`,
      values,
      rows: true,
    };
    const locks: WriteStatement[] = provider === "postgresql" ? [{ sql: `SELECT pg_advisory_xact_lock(${GROUP_SEQ_LOCK})`, values: [] }] : [];
    const results = await runTransaction(db, [...locks, insert]);
    const stored = results[locks.length] as { seq: number | bigint; id: string }[];
    return new Map(stored.map((row) => [row.id, Number(row.seq)]));
  }

  const commit = groupCommitted(async (batch: PendingWrite[]) => {
    const seqs = await writeBatch(batch);
    return ({ message }): StoredGroupMessage => {
      const seq = seqs.get(message.id);
      if (seq === undefined) throw new DuplicateGroupMessageError();
      return {
        seq,
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
    };
  }, GROUP_COMMIT_MS);
  return (message: NewGroupMessage): Promise<StoredGroupMessage> => commit({ message });
}
