// The statements one change to a message writes, for the group commit to send with the others of
// its batch (group-commit.ts): the change log row, whose unique (actor, client id) makes a retry
// fail, then the message's columns or its reaction.
import type { Db } from "../client";
import type { NewChange } from "./message-change-store";

/** What an edit or retraction writes: the shared copy, or when hidden the sender's own. */
function messageUpdate(change: NewChange) {
  if (change.kind === "edit") {
    return change.hidden
      ? { senderBody: change.body, senderEditedAt: change.at }
      : { body: change.body, editedAt: change.at, senderBody: null, senderEditedAt: null };
  }
  return change.hidden
    ? { senderBody: "", senderRetractedAt: change.at }
    : { body: "", retractedAt: change.at, senderBody: null, senderEditedAt: null, senderRetractedAt: null };
}

/** The change's two statements, not yet sent: the first answers with the change seq. */
export function changeStatements(db: Db, change: NewChange) {
  const logged = db.messageChange.create({
    data: {
      messageSeq: change.messageSeq,
      actorId: change.actorId,
      peerId: change.peerId,
      kind: change.kind,
      hidden: change.hidden,
      clientId: change.clientId,
      at: change.at,
    },
    select: { seq: true },
  });
  const applied =
    change.kind !== "react"
      ? db.message.update({ where: { seq: change.messageSeq }, data: messageUpdate(change), select: { seq: true } })
      : change.on
        ? // One statement (Prisma's upsert here reads, inserts and reads again); a reaction already there stays as it was.
          db.$executeRaw`INSERT INTO "MessageReaction" ("messageSeq", "userId", "emoji", "hidden", "createdAt")
            VALUES (${change.messageSeq}, ${change.actorId}, ${change.emoji}, ${change.hidden}, ${change.at})
            ON CONFLICT ("messageSeq", "userId", "emoji") DO NOTHING`
        : db.messageReaction.deleteMany({ where: { messageSeq: change.messageSeq, userId: change.actorId, emoji: change.emoji } });
  return { logged, applied };
}
