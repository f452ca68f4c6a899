// The conversations an inbox lists (accepted ones and requests with a message), pinned ones
// first, newest first within each part, each with its unread count. Every (re)connect's inbox
// snapshot asks this, so the inboxes of one event-loop turn (a wave of connects) are read in
// one statement: each inbox's rows numbered in list order, cut at the limit, and only those
// rows count their unread messages.
import { batched } from "../batched";
import type { Db } from "../client";
import { readRows } from "../direct-reads";
import { Prisma } from "../generated/sqlite/client";
import type { StoredConversation } from "./message-store";
import { toConversation } from "./sql";

type ListedRow = Parameters<typeof toConversation>[0] & { unread: number | bigint };
export type ListedConversation = StoredConversation & { unread: number };

export function createListedConversationsReader(db: Db) {
  return batched(async (requests: { ownerId: string; limit: number }[]): Promise<ListedConversation[][]> => {
    const ownerIds = [...new Set(requests.map((request) => request.ownerId))];
    const limit = Math.max(...requests.map((request) => request.limit));
    const rows = await readRows<ListedRow>(db, Prisma.sql`
      SELECT l."ownerId" AS "ownerId", l."peerId" AS "peerId", l."state" AS "state", l."lastSeq" AS "lastSeq",
             l."lastReadSeq" AS "lastReadSeq", l."peerReadSeq" AS "peerReadSeq", l."acknowledged" AS "acknowledged",
             l."pinnedAt" AS "pinnedAt", l."muted" AS "muted", l."markedUnread" AS "markedUnread",
             CASE WHEN l."lastSeq" > l."lastReadSeq" THEN (
               SELECT COUNT(*) FROM "Message" m
               WHERE m."recipientId" = l."ownerId" AND m."senderId" = l."peerId"
                 AND m."seq" > l."lastReadSeq" AND m."deletedByRecipient" = false
             ) ELSE 0 END AS "unread"
      FROM (
        SELECT c."ownerId", c."peerId", c."state", c."lastSeq", c."lastReadSeq", c."peerReadSeq", c."acknowledged",
               c."pinnedAt", c."muted", c."markedUnread",
               ROW_NUMBER() OVER (
                 PARTITION BY c."ownerId" ORDER BY CASE WHEN c."pinnedAt" IS NULL THEN 1 ELSE 0 END, c."lastSeq" DESC
               ) AS "place"
        FROM "Conversation" c
        WHERE c."ownerId" IN (${Prisma.join(ownerIds)}) AND c."lastSeq" > 0 AND c."state" IN ('accepted', 'request')
      ) l
      WHERE l."place" <= ${limit}
      ORDER BY l."ownerId", l."place"`);
    const byOwner = new Map<string, ListedConversation[]>();
    for (const row of rows) {
      const list = byOwner.get(row.ownerId) ?? [];
      list.push({ ...toConversation(row), unread: Number(row.unread) });
      byOwner.set(row.ownerId, list);
    }
    return requests.map(({ ownerId, limit: own }) => (byOwner.get(ownerId) ?? []).slice(0, own));
  });
}
