// What a change to a message decides on, read in one statement for every change of one
// event-loop turn: the change the actor already made under the client id (a retry), the message
// with each side's copy, and, once the message names the other side, both sides' conversations
// and inbox settings. Like send-facts.ts for a send.
import type { AcceptFrom, InboxSettings } from "@/lib/protocol/im";
import type { Db } from "../client";
import { rawBoolean, rawDate } from "../raw-values";
import { batched } from "../batched";
import { readRowsUnsafe } from "../direct-reads";
import { DEFAULT_INBOX_SETTINGS } from "./inbox-settings-store";
import type { ChangeKind, ChangeLookup } from "./message-change-store";
import { type Placeholders, toConversation } from "./sql";

type RawDate = Date | string | number;
type RawNumber = number | bigint;

/** A row: the message's columns (m), the earlier change's (c), each side's conversation (a: the actor's, p: the peer's) and settings. */
type ChangeFactsRow = {
  k: string;
  cSeq: RawNumber | null;
  cMessageSeq: RawNumber | null;
  cKind: string | null;
  mSeq: RawNumber | null;
  mId: string | null;
  mSenderId: string | null;
  mRecipientId: string | null;
  mClientId: string | null;
  mSentAt: RawDate | null;
  mDeliveredAt: RawDate | null;
  mBody: string | null;
  mDeletedBySender: unknown;
  mDeletedByRecipient: unknown;
  mReplyToSeq: RawNumber | null;
  mEditedAt: RawDate | null;
  mRetractedAt: RawDate | null;
  mSenderBody: string | null;
  mSenderEditedAt: RawDate | null;
  mSenderRetractedAt: RawDate | null;
  mAttached: unknown;
} & SideColumns<"a"> &
  SideColumns<"p">;

type SideColumns<P extends string> = {
  [K in `${P}State` | `${P}AcceptFrom`]: string | null;
} & {
  [K in `${P}LastSeq` | `${P}LastReadSeq` | `${P}PeerReadSeq`]: RawNumber | null;
} & {
  [K in `${P}Acknowledged` | `${P}Muted` | `${P}MarkedUnread` | `${P}ReadReceipts` | `${P}NotifyWhileBusy`]: unknown;
} & {
  [K in `${P}PinnedAt`]: RawDate | null;
};

const sideColumns = (alias: string, inbox: string) =>
  `${alias}."state" AS "${alias}State", ${alias}."lastSeq" AS "${alias}LastSeq", ${alias}."lastReadSeq" AS "${alias}LastReadSeq",
   ${alias}."peerReadSeq" AS "${alias}PeerReadSeq", ${alias}."acknowledged" AS "${alias}Acknowledged", ${alias}."pinnedAt" AS "${alias}PinnedAt",
   ${alias}."muted" AS "${alias}Muted", ${alias}."markedUnread" AS "${alias}MarkedUnread",
   ${inbox}."acceptFrom" AS "${alias}AcceptFrom", ${inbox}."readReceipts" AS "${alias}ReadReceipts", ${inbox}."notifyWhileBusy" AS "${alias}NotifyWhileBusy"`;

const orNull = (value: RawDate | null) => (value === null ? null : rawDate(value));

function sideOf(row: ChangeFactsRow, prefix: "a" | "p", ownerId: string, peerId: string) {
  const column = <K extends keyof SideColumns<"a">>(name: K) => row[`${prefix}${name.slice(1)}` as K];
  const settings: InboxSettings =
    column("aAcceptFrom") === null
      ? DEFAULT_INBOX_SETTINGS
      : {
          acceptFrom: column("aAcceptFrom") as AcceptFrom,
          readReceipts: rawBoolean(column("aReadReceipts")),
          notifyWhileBusy: rawBoolean(column("aNotifyWhileBusy")),
        };
  const state = column("aState");
  const conversation =
    state === null
      ? null
      : toConversation({
          ownerId,
          peerId,
          state,
          lastSeq: Number(column("aLastSeq")),
          lastReadSeq: Number(column("aLastReadSeq")),
          peerReadSeq: Number(column("aPeerReadSeq")),
          acknowledged: column("aAcknowledged"),
          pinnedAt: column("aPinnedAt"),
          muted: column("aMuted"),
          markedUnread: column("aMarkedUnread"),
        });
  return { conversation, settings };
}

export function createChangeFactsReader(db: Db, placeholders: Placeholders) {
  return batched(async (requests: { actorId: string; messageId: string; clientId: string }[]): Promise<ChangeLookup[]> => {
    const values = requests.flatMap((request, index) => [String(index), request.actorId, request.messageId, request.clientId]);
    const rows = requests.map((_, index) => `(${placeholders(4, 1 + index * 4).join(", ")})`);
    // v.column1: the request's index, column2: the actor, column3: the message id, column4: the client id.
    const peer = `CASE WHEN m."senderId" = v.column2 THEN m."recipientId" ELSE m."senderId" END`;
    const found = await readRowsUnsafe<ChangeFactsRow>(
      db,
      `SELECT v.column1 AS "k",
         c."seq" AS "cSeq", c."messageSeq" AS "cMessageSeq", c."kind" AS "cKind",
         m."seq" AS "mSeq", m."id" AS "mId", m."senderId" AS "mSenderId", m."recipientId" AS "mRecipientId",
         m."clientId" AS "mClientId", m."sentAt" AS "mSentAt", m."deliveredAt" AS "mDeliveredAt", m."body" AS "mBody",
         m."deletedBySender" AS "mDeletedBySender", m."deletedByRecipient" AS "mDeletedByRecipient",
         m."replyToSeq" AS "mReplyToSeq", m."editedAt" AS "mEditedAt", m."retractedAt" AS "mRetractedAt",
         m."senderBody" AS "mSenderBody", m."senderEditedAt" AS "mSenderEditedAt", m."senderRetractedAt" AS "mSenderRetractedAt",
         CASE WHEN EXISTS (SELECT 1 FROM "Attachment" f WHERE f."messageId" = m."id") THEN 1 ELSE 0 END AS "mAttached",
         ${sideColumns("a", "ai")},
         ${sideColumns("p", "pi")}
       FROM (VALUES ${rows.join(", ")}) AS v
       LEFT JOIN "MessageChange" c ON c."actorId" = v.column2 AND c."clientId" = v.column4
       LEFT JOIN "Message" m ON m."id" = v.column3
       LEFT JOIN "Conversation" a ON a."ownerId" = v.column2 AND a."peerId" = ${peer}
       LEFT JOIN "Conversation" p ON p."ownerId" = ${peer} AND p."peerId" = v.column2
       LEFT JOIN "InstantInbox" ai ON ai."userId" = v.column2
       LEFT JOIN "InstantInbox" pi ON pi."userId" = ${peer}`,
      ...values,
    );
    const byIndex = new Map(found.map((row) => [Number(row.k), row]));
    return requests.map(({ actorId }, index): ChangeLookup => {
      const row = byIndex.get(index);
      if (!row) throw new Error("changeFacts: no row");
      const earlier =
        row.cSeq === null ? null : { seq: Number(row.cSeq), messageSeq: Number(row.cMessageSeq), kind: row.cKind as ChangeKind };
      if (row.mSeq === null) return { earlier, message: null };
      const senderId = row.mSenderId!;
      const recipientId = row.mRecipientId!;
      const peerId = senderId === actorId ? recipientId : senderId;
      const actor = sideOf(row, "a", actorId, peerId);
      const other = sideOf(row, "p", peerId, actorId);
      return {
        earlier,
        message: {
          details: {
            seq: Number(row.mSeq),
            id: row.mId!,
            senderId,
            recipientId,
            clientId: row.mClientId!,
            sentAt: rawDate(row.mSentAt!),
            deliveredAt: orNull(row.mDeliveredAt),
            body: row.mBody!,
            deletedBySender: rawBoolean(row.mDeletedBySender),
            deletedByRecipient: rawBoolean(row.mDeletedByRecipient),
            replyToSeq: row.mReplyToSeq === null ? null : Number(row.mReplyToSeq),
            editedAt: orNull(row.mEditedAt),
            retractedAt: orNull(row.mRetractedAt),
            senderBody: row.mSenderBody,
            senderEditedAt: orNull(row.mSenderEditedAt),
            senderRetractedAt: orNull(row.mSenderRetractedAt),
          },
          peerId,
          attached: rawBoolean(row.mAttached),
          actorSide: actor.conversation,
          peerSide: other.conversation,
          actorSettings: actor.settings,
          peerSettings: other.settings,
        },
      };
    });
  });
}
