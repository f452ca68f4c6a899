// The statements one change to a message writes, for the group commit to send with the others of
// its batch (group-commit.ts): the change log row, whose unique (actor, client id) makes a retry
// fail, then the message's columns or its reaction. Raw SQL: Prisma compiles a batch's model
// queries afresh for every transaction (its query compiler, in WebAssembly), which cost more
// than the statements themselves.
import type { Db } from "../client";
import type { NewChange } from "./message-change-store";

/** What an edit or retraction writes: the shared copy (dropping the sender's own), or when hidden the sender's own. */
function messageUpdate(db: Db, change: NewChange & { kind: "edit" | "retract" }) {
  const seq = change.messageSeq;
  if (change.kind === "edit") {
    return change.hidden
      ? db.$executeRaw`UPDATE "Message" SET "senderBody" = ${change.body}, "senderEditedAt" = ${change.at} WHERE "seq" = ${seq}`
      : db.$executeRaw`UPDATE "Message" SET "body" = ${change.body}, "editedAt" = ${change.at}, "senderBody" = NULL, "senderEditedAt" = NULL
          WHERE "seq" = ${seq}`;
  }
  return change.hidden
    ? db.$executeRaw`UPDATE "Message" SET "senderBody" = '', "senderRetractedAt" = ${change.at} WHERE "seq" = ${seq}`
    : db.$executeRaw`UPDATE "Message" SET "body" = '', "retractedAt" = ${change.at}, "senderBody" = NULL, "senderEditedAt" = NULL,
          "senderRetractedAt" = NULL WHERE "seq" = ${seq}`;
}

/** The change's two statements, not yet sent: the first answers with the change seq (one row). */
export function changeStatements(db: Db, change: NewChange) {
  const logged = db.$queryRaw<{ seq: number | bigint }[]>`
    INSERT INTO "MessageChange" ("messageSeq", "actorId", "peerId", "kind", "hidden", "clientId", "at")
    VALUES (${change.messageSeq}, ${change.actorId}, ${change.peerId}, ${change.kind}, ${change.hidden}, ${change.clientId}, ${change.at})
    RETURNING "seq"`;
  const applied =
    change.kind !== "react"
      ? messageUpdate(db, change)
      : change.on
        ? // A reaction already there stays as it was.
          db.$executeRaw`INSERT INTO "MessageReaction" ("messageSeq", "userId", "emoji", "hidden", "createdAt")
            VALUES (${change.messageSeq}, ${change.actorId}, ${change.emoji}, ${change.hidden}, ${change.at})
            ON CONFLICT ("messageSeq", "userId", "emoji") DO NOTHING`
        : db.$executeRaw`DELETE FROM "MessageReaction" WHERE "messageSeq" = ${change.messageSeq} AND "userId" = ${change.actorId} AND "emoji" = ${change.emoji}`;
  return { logged, applied };
}

/**
 * A unique constraint failed: Prisma says P2002 for its model queries, and P2010 naming the
 * driver's UniqueConstraintViolation for raw ones.
 */
export function isUniqueViolation(error: unknown): boolean {
  if (typeof error !== "object" || error === null || !("code" in error)) return false;
  if (error.code === "P2002") return true;
  const cause = (error as { meta?: { driverAdapterError?: { cause?: { kind?: string } } } }).meta?.driverAdapterError?.cause;
  return error.code === "P2010" && cause?.kind === "UniqueConstraintViolation";
}
