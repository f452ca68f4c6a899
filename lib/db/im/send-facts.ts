// What a send decides on, read in one statement for every send of one event-loop turn: a
// message already stored under the client id (a retry), the recipient's inbox settings, and
// both sides' conversations. The recipient's settings arrive with the facts, so this file knows
// the settings' columns and defaults (DEFAULT_INBOX_SETTINGS).
import type { AcceptFrom } from "@/lib/protocol/im";
import type { Db } from "../client";
import { rawBoolean, rawDate } from "../raw-values";
import { batched } from "../batched";
import { readRowsUnsafe } from "../direct-reads";
import { DEFAULT_INBOX_SETTINGS } from "./inbox-settings-store";
import type { SendFacts } from "./message-store";
import { type Placeholders, toConversation } from "./sql";

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
  rPinnedAt: Date | string | number | null;
  rMuted: unknown;
  rMarkedUnread: unknown;
  sState: string | null;
  sLastSeq: number | bigint | null;
  sLastReadSeq: number | bigint | null;
  sPeerReadSeq: number | bigint | null;
  sAcknowledged: unknown;
  sPinnedAt: Date | string | number | null;
  sMuted: unknown;
  sMarkedUnread: unknown;
  mSeq: number | bigint | null;
  mId: string | null;
  mRecipientId: string | null;
  mBody: string | null;
  mSentAt: Date | string | null;
  mDeliveredAt: Date | string | null;
};

export function createSendFactsReader(db: Db, placeholders: Placeholders) {
  /** Send facts of every send that asked in this turn of the event loop, in one statement. */
  return batched(async (requests: { senderId: string; recipientId: string; clientId: string }[]) => {
    const values = requests.flatMap((request, index) => [String(index), request.senderId, request.recipientId, request.clientId]);
    const rows = requests.map((_, index) => `(${placeholders(4, 1 + index * 4).join(", ")})`);
    // v.column1: the request's index, column2: sender, column3: recipient, column4: client id.
    const found = await readRowsUnsafe<SendFactsRow & { k: string }>(
      db,
      `SELECT v.column1 AS "k",
         i."acceptFrom" AS "acceptFrom", i."readReceipts" AS "readReceipts", i."notifyWhileBusy" AS "notifyWhileBusy",
         r."state" AS "rState", r."lastSeq" AS "rLastSeq", r."lastReadSeq" AS "rLastReadSeq", r."peerReadSeq" AS "rPeerReadSeq",
         r."acknowledged" AS "rAcknowledged", r."pinnedAt" AS "rPinnedAt", r."muted" AS "rMuted", r."markedUnread" AS "rMarkedUnread",
         s."state" AS "sState", s."lastSeq" AS "sLastSeq", s."lastReadSeq" AS "sLastReadSeq", s."peerReadSeq" AS "sPeerReadSeq",
         s."acknowledged" AS "sAcknowledged", s."pinnedAt" AS "sPinnedAt", s."muted" AS "sMuted", s."markedUnread" AS "sMarkedUnread",
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
      type Marks = Pick<Parameters<typeof toConversation>[0], "acknowledged" | "pinnedAt" | "muted" | "markedUnread">;
      const side = (ownerId: string, peerId: string, state: string | null, seqs: (number | bigint | null)[], marks: Marks) =>
        state === null
          ? null
          : toConversation({
              ownerId,
              peerId,
              state,
              lastSeq: Number(seqs[0]),
              lastReadSeq: Number(seqs[1]),
              peerReadSeq: Number(seqs[2]),
              ...marks,
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
        recipientSide: side(recipientId, senderId, row.rState, [row.rLastSeq, row.rLastReadSeq, row.rPeerReadSeq], {
          acknowledged: row.rAcknowledged,
          pinnedAt: row.rPinnedAt,
          muted: row.rMuted,
          markedUnread: row.rMarkedUnread,
        }),
        senderSide: side(senderId, recipientId, row.sState, [row.sLastSeq, row.sLastReadSeq, row.sPeerReadSeq], {
          acknowledged: row.sAcknowledged,
          pinnedAt: row.sPinnedAt,
          muted: row.sMuted,
          markedUnread: row.sMarkedUnread,
        }),
      };
    });
  });

}
