// The statements one change to a message writes, for the group commit to send with the others of
// its batch (group-commit.ts): the change log row, whose unique (actor, client id) makes a retry
// fail, then the message's columns or its reaction. Raw SQL: Prisma compiles a batch's model
// queries afresh for every transaction (its query compiler, in WebAssembly), which cost more
// than the statements themselves; and on SQLite they run on the writer thread.
import { SqliteWriteError, type WriteStatement } from "../sqlite-writer";
import type { NewChange } from "./message-change-store";
import type { Placeholders } from "./sql";

/** A statement of `sql` whose `$` marks are the dialect's placeholders for `values`, in order. */
function statement(placeholders: Placeholders, sql: string, values: unknown[], rows = false): WriteStatement {
  const marks = placeholders(values.length, 1);
  let next = 0;
  return { sql: sql.replace(/\$/g, () => marks[next++]!), values, rows };
}

/** What an edit or retraction writes: the shared copy (dropping the sender's own), or when hidden the sender's own. */
function messageUpdate(placeholders: Placeholders, change: NewChange & { kind: "edit" | "retract" }): WriteStatement {
  const seq = change.messageSeq;
  if (change.kind === "edit") {
    return change.hidden
      ? statement(placeholders, `UPDATE "Message" SET "senderBody" = $, "senderEditedAt" = $ WHERE "seq" = $`, [change.body, change.at, seq])
      : statement(
          placeholders,
          `UPDATE "Message" SET "body" = $, "editedAt" = $, "senderBody" = NULL, "senderEditedAt" = NULL WHERE "seq" = $`,
          [change.body, change.at, seq],
        );
  }
  return change.hidden
    ? statement(placeholders, `UPDATE "Message" SET "senderBody" = '', "senderRetractedAt" = $ WHERE "seq" = $`, [change.at, seq])
    : statement(
        placeholders,
        `UPDATE "Message" SET "body" = '', "retractedAt" = $, "senderBody" = NULL, "senderEditedAt" = NULL,
          "senderRetractedAt" = NULL WHERE "seq" = $`,
        [change.at, seq],
      );
}

/** The change's two statements, not yet run: the first answers with the change seq (one row). */
export function changeStatements(placeholders: Placeholders, change: NewChange): { logged: WriteStatement; applied: WriteStatement } {
  const logged = statement(
    placeholders,
    `INSERT INTO "MessageChange" ("messageSeq", "actorId", "peerId", "kind", "hidden", "clientId", "at")
     VALUES ($, $, $, $, $, $, $) RETURNING "seq"`,
    [change.messageSeq, change.actorId, change.peerId, change.kind, change.hidden, change.clientId, change.at],
    true,
  );
  const applied =
    change.kind !== "react"
      ? messageUpdate(placeholders, change)
      : change.on
        ? // A reaction already there stays as it was.
          statement(
            placeholders,
            `INSERT INTO "MessageReaction" ("messageSeq", "userId", "emoji", "hidden", "createdAt") VALUES ($, $, $, $, $)
             ON CONFLICT ("messageSeq", "userId", "emoji") DO NOTHING`,
            [change.messageSeq, change.actorId, change.emoji, change.hidden, change.at],
          )
        : statement(placeholders, `DELETE FROM "MessageReaction" WHERE "messageSeq" = $ AND "userId" = $ AND "emoji" = $`, [
            change.messageSeq,
            change.actorId,
            change.emoji,
          ]);
  return { logged, applied };
}

/**
 * A unique constraint failed: Prisma says P2002 for its model queries, and P2010 naming the
 * driver's UniqueConstraintViolation for raw ones; the SQLite writer thread gives SQLite's code.
 */
export function isUniqueViolation(error: unknown): boolean {
  if (error instanceof SqliteWriteError) return error.code === "SQLITE_CONSTRAINT_UNIQUE" || error.code === "SQLITE_CONSTRAINT_PRIMARYKEY";
  if (typeof error !== "object" || error === null || !("code" in error)) return false;
  if (error.code === "P2002") return true;
  const cause = (error as { meta?: { driverAdapterError?: { cause?: { kind?: string } } } }).meta?.driverAdapterError?.cause;
  return error.code === "P2010" && cause?.kind === "UniqueConstraintViolation";
}
