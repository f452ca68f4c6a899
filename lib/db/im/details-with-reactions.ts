// A message, the message it replies to, and the message's reactions in one statement: what both
// sides' views of a change need right after it (message-change-service.ts), which before took
// two queries through Prisma's pipeline per change.
import type { Db } from "../client";
import { readRowsUnsafe } from "../direct-reads";
import { rawBoolean, rawDate } from "../raw-values";
import type { MessageDetails, StoredReaction } from "./message-change-store";
import type { Placeholders } from "./sql";

type RawDate = Date | string | number;

/** A message's columns as SQLite or PostgreSQL give them. */
export type DetailRow = {
  seq: number | bigint;
  id: string;
  senderId: string;
  recipientId: string;
  clientId: string;
  sentAt: RawDate;
  deliveredAt: RawDate | null;
  body: string;
  deletedBySender: unknown;
  deletedByRecipient: unknown;
  replyToSeq: number | bigint | null;
  editedAt: RawDate | null;
  retractedAt: RawDate | null;
  senderBody: string | null;
  senderEditedAt: RawDate | null;
  senderRetractedAt: RawDate | null;
};

/** A message's columns, then one of its reactions (r…, null when it has none or for the reply target). */
type Row = DetailRow & {
  rUserId: string | null;
  rEmoji: string | null;
  rHidden: unknown;
  rCreatedAt: RawDate | null;
};

const orNull = (value: RawDate | null) => (value === null ? null : rawDate(value));

/** A message's columns as `Row` names them (table alias m). */
export const DETAIL_COLUMNS = `m."seq" AS "seq", m."id" AS "id", m."senderId" AS "senderId", m."recipientId" AS "recipientId", m."clientId" AS "clientId",
       m."sentAt" AS "sentAt", m."deliveredAt" AS "deliveredAt", m."body" AS "body", m."deletedBySender" AS "deletedBySender",
       m."deletedByRecipient" AS "deletedByRecipient", m."replyToSeq" AS "replyToSeq", m."editedAt" AS "editedAt",
       m."retractedAt" AS "retractedAt", m."senderBody" AS "senderBody", m."senderEditedAt" AS "senderEditedAt",
       m."senderRetractedAt" AS "senderRetractedAt"`;

export const detailsOf = (row: DetailRow): MessageDetails => ({
  seq: Number(row.seq),
  id: row.id,
  senderId: row.senderId,
  recipientId: row.recipientId,
  clientId: row.clientId,
  sentAt: rawDate(row.sentAt),
  deliveredAt: orNull(row.deliveredAt),
  body: row.body,
  deletedBySender: rawBoolean(row.deletedBySender),
  deletedByRecipient: rawBoolean(row.deletedByRecipient),
  replyToSeq: row.replyToSeq === null ? null : Number(row.replyToSeq),
  editedAt: orNull(row.editedAt),
  retractedAt: orNull(row.retractedAt),
  senderBody: row.senderBody,
  senderEditedAt: orNull(row.senderEditedAt),
  senderRetractedAt: orNull(row.senderRetractedAt),
});

export async function readDetailsWithReactions(
  db: Db,
  placeholders: Placeholders,
  seq: number,
  replyToSeq: number | null,
): Promise<{ details: MessageDetails[]; reactions: StoredReaction[] }> {
  const [own, first, second] = placeholders(3, 1);
  // Only the message's own row joins its reactions; the reply target comes as one row. Reactions oldest first, as `reactions` gives them.
  const rows = await readRowsUnsafe<Row>(
    db,
    `SELECT ${DETAIL_COLUMNS},
       r."userId" AS "rUserId", r."emoji" AS "rEmoji", r."hidden" AS "rHidden", r."createdAt" AS "rCreatedAt"
     FROM "Message" m
     LEFT JOIN "MessageReaction" r ON r."messageSeq" = m."seq" AND m."seq" = ${own}
     WHERE m."seq" IN (${first}, ${second})
     ORDER BY r."createdAt", r."emoji"`,
    seq,
    seq,
    replyToSeq ?? seq,
  );
  const details = new Map<number, MessageDetails>();
  const reactions: StoredReaction[] = [];
  for (const row of rows) {
    const messageSeq = Number(row.seq);
    if (!details.has(messageSeq)) details.set(messageSeq, detailsOf(row));
    if (row.rUserId !== null) {
      reactions.push({ messageSeq, userId: row.rUserId, emoji: row.rEmoji!, hidden: rawBoolean(row.rHidden), createdAt: rawDate(row.rCreatedAt!) });
    }
  }
  return { details: [...details.values()], reactions };
}
