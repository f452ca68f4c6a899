// Delivery confirmations of one event-loop turn, in one statement each way: which of the named
// messages still wait for a confirmation (receipts to some senders are held, so the senders come
// first), and marking them delivered where the recipient's side allows it (a write at message
// rate: on SQLite it runs on the writer thread, see transactions.ts).
import type { Db } from "../client";
import { batched } from "../batched";
import { readRowsUnsafe } from "../direct-reads";
import { runTransaction } from "../transactions";
import type { Placeholders } from "./sql";

export function createDeliveryConfirmations(db: Db, placeholders: Placeholders) {
  /**
   * Of the messages delivery confirmations of this turn name, those still waiting to be
   * confirmed (addressed to the recipient confirming, not confirmed, not deleted), with their
   * senders, in one statement: receipts to some senders are held, so the senders come first.
   */
  const readUnconfirmed = batched(async (requests: { recipientId: string; ids: string[] }[]) => {
    const ids = [...new Set(requests.flatMap((request) => request.ids))];
    // Read past Prisma's engine (direct-reads.ts), as a send's facts are: through it, the two
    // took 5 % of the event loop at a thousand messages a second.
    const found = await readRowsUnsafe<{ id: string; senderId: string; recipientId: string; seq: number | bigint }>(
      db,
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
  const confirmBatch = batched(async (requests: { recipientId: string; ids: string[]; at: Date }[]) => {
    const pairs = requests.flatMap(({ recipientId, ids }) => ids.map((id) => [id, recipientId] as const));
    const values: unknown[] = [requests[0]!.at];
    const rows = pairs.map(([id, recipientId]) => {
      const row = `(${placeholders(2, 1 + values.length).join(", ")})`;
      values.push(id, recipientId);
      return row;
    });
    const [answer] = await runTransaction(db, [
      {
        sql: `UPDATE "Message" SET "deliveredAt" = ${placeholders(1, 1)[0]}
       FROM (VALUES ${rows.join(", ")}) AS v
       WHERE "Message"."id" = v.column1 AND "Message"."recipientId" = v.column2
         AND "Message"."deliveredAt" IS NULL AND "Message"."deletedByRecipient" = false
         AND EXISTS (SELECT 1 FROM "Conversation" c
           WHERE c."ownerId" = "Message"."recipientId" AND c."peerId" = "Message"."senderId"
             AND c."state" = 'accepted' AND c."acknowledged" = true)
       RETURNING "Message"."id" AS "id", "Message"."senderId" AS "senderId", "Message"."recipientId" AS "recipientId", "Message"."seq" AS "seq"`,
        values,
        rows: true,
      },
    ]);
    const updated = answer as { id: string; senderId: string; recipientId: string; seq: number | bigint }[];
    updated.sort((a, b) => Number(a.seq) - Number(b.seq));
    return requests.map(({ recipientId, ids }) => {
      const asked = new Set(ids);
      return updated
        .filter((row) => row.recipientId === recipientId && asked.has(row.id))
        .map((row) => ({ id: row.id, senderId: row.senderId }));
    });
  });

  return { readUnconfirmed, confirmBatch };
}
