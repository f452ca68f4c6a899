// The attachment store on Prisma (SQLite or PostgreSQL): tables Attachment and AttachmentBlob.
import { Prisma } from "../generated/sqlite/client";
import type { Db } from "../client";
import { readRows } from "../direct-reads";
import { likeContaining } from "../like";
import { rawDate } from "../raw-values";
import type { AttachmentState, AttachmentStore, AttachmentWithBlob, StoredAttachment, StoredBlob } from "./attachment-store";
import { expiredAttached, expiredUpload, UNREFERENCED_ATTACHMENT_SQL } from "./orphans";

/** An attachment with its blob's columns (null without one), as SQLite or PostgreSQL give them. */
type AttachmentRow = Omit<StoredAttachment, "state" | "createdAt" | "expiresAt"> & {
  state: string;
  createdAt: Date | string;
  expiresAt: Date | string;
  blobSize: number | null;
  blobType: string | null;
  blobWidth: number | null;
  blobHeight: number | null;
};

/** Thrown inside a transaction to roll it back. */
class NotReady extends Error {}

export function createPrismaAttachmentStore(db: Db): AttachmentStore {
  async function withBlobs(rows: (Omit<StoredAttachment, "state"> & { state: string })[]): Promise<AttachmentWithBlob[]> {
    const hashes = [...new Set(rows.flatMap((row) => (row.blobHash ? [row.blobHash] : [])))];
    const blobs = hashes.length === 0 ? [] : await db.attachmentBlob.findMany({ where: { hash: { in: hashes } } });
    const byHash = new Map<string, StoredBlob>(
      blobs.map((blob) => [blob.hash, { hash: blob.hash, size: blob.size, type: blob.type, width: blob.width, height: blob.height }]),
    );
    return rows.map((row) => ({
      ...row,
      state: row.state as AttachmentState,
      blob: row.blobHash ? (byHash.get(row.blobHash) ?? null) : null,
    }));
  }

  async function get(id: string): Promise<AttachmentWithBlob | null> {
    const row = await db.attachment.findUnique({ where: { id } });
    return row ? ((await withBlobs([row]))[0] ?? null) : null;
  }

  return {
    async create(upload) {
      await db.attachment.create({ data: { ...upload, state: "uploading" } });
    },
    get,
    async access(id) {
      const attachment = await get(id);
      if (!attachment) return null;
      const message = attachment.messageId
        ? await db.message.findUnique({
            where: { id: attachment.messageId },
            select: {
              senderId: true,
              recipientId: true,
              deletedBySender: true,
              deletedByRecipient: true,
              retractedAt: true,
              senderRetractedAt: true,
            },
          })
        : null;
      if (!message) return { ...attachment, message: null };
      const { retractedAt, senderRetractedAt, ...sides } = message;
      return { ...attachment, message: { ...sides, retracted: retractedAt !== null, retractedBySender: senderRetractedAt !== null } };
    },
    async complete(id, blob) {
      const [, updated] = await db.$transaction([
        db.attachmentBlob.upsert({ where: { hash: blob.hash }, create: blob, update: {} }),
        db.attachment.updateMany({ where: { id, state: "uploading" }, data: { state: "ready", blobHash: blob.hash } }),
      ]);
      return updated.count > 0;
    },
    async attach(ownerId, ids, messageId) {
      try {
        await db.$transaction(async (tx) => {
          for (const [position, id] of ids.entries()) {
            const { count } = await tx.attachment.updateMany({
              where: { id, ownerId, state: "ready" },
              data: { state: "attached", messageId, position },
            });
            if (count !== 1) throw new NotReady();
          }
        });
        return true;
      } catch (error) {
        if (error instanceof NotReady) return false;
        throw error;
      }
    },
    async detach(ownerId, messageId) {
      await db.attachment.updateMany({ where: { ownerId, messageId }, data: { state: "ready", messageId: null, position: 0 } });
    },
    /**
     * With their blobs, in one statement: raw, past Prisma's engine on SQLite (every page of
     * messages and every connect's inbox snapshot asks, most often for messages without any).
     */
    async forMessages(messageIds) {
      if (messageIds.length === 0) return [];
      const rows = await readRows<AttachmentRow>(db, Prisma.sql`
        SELECT a."id" AS "id", a."ownerId" AS "ownerId", a."name" AS "name", a."size" AS "size", a."state" AS "state",
          a."blobHash" AS "blobHash", a."messageId" AS "messageId", a."position" AS "position", a."createdAt" AS "createdAt",
          a."expiresAt" AS "expiresAt", b."size" AS "blobSize", b."type" AS "blobType", b."width" AS "blobWidth", b."height" AS "blobHeight"
        FROM "Attachment" a LEFT JOIN "AttachmentBlob" b ON b."hash" = a."blobHash"
        WHERE a."messageId" IN (${Prisma.join(messageIds)})
        ORDER BY a."messageId", a."position"`);
      return rows.map(({ blobSize, blobType, blobWidth, blobHeight, ...row }) => ({
        ...row,
        size: Number(row.size),
        state: row.state as AttachmentState,
        position: Number(row.position),
        createdAt: rawDate(row.createdAt),
        expiresAt: rawDate(row.expiresAt),
        blob:
          row.blobHash !== null && blobType !== null
            ? { hash: row.blobHash, size: Number(blobSize), type: blobType, width: blobWidth === null ? null : Number(blobWidth), height: blobHeight === null ? null : Number(blobHeight) }
            : null,
      }));
    },
    async usage(ownerId) {
      const total = await db.attachment.aggregate({ where: { ownerId }, _sum: { size: true }, _count: { _all: true } });
      return { usedBytes: total._sum.size ?? 0, count: total._count._all };
    },
    async removeUpload(ownerId, id) {
      const { count } = await db.attachment.deleteMany({ where: { id, ownerId, messageId: null } });
      return count > 0;
    },
    async removeUploads(ownerId) {
      const rows = await db.attachment.findMany({ where: { ownerId, messageId: null }, select: { id: true } });
      const ids = rows.map((row) => row.id);
      await db.attachment.deleteMany({ where: { id: { in: ids } } });
      return ids;
    },
    async collect(now) {
      const expired = await db.attachment.findMany({ where: expiredUpload(now), select: { id: true } });
      await db.attachment.deleteMany({ where: { id: { in: expired.map((row) => row.id) }, messageId: null } });
      const unreferenced = await db.$queryRawUnsafe<{ id: string }[]>(
        `DELETE FROM "Attachment" WHERE ${UNREFERENCED_ATTACHMENT_SQL} RETURNING "id"`,
      );
      // Attached to a message that was never stored: checked in code, one batch of ids.
      const stale = await db.attachment.findMany({ where: expiredAttached(now), select: { id: true, messageId: true } });
      const staleIds = stale.map((row) => row.messageId!);
      const present = new Set(
        [
          ...(await db.message.findMany({ where: { id: { in: staleIds } }, select: { id: true } })),
          ...(await db.groupMessage.findMany({ where: { id: { in: staleIds } }, select: { id: true } })),
        ].map((row) => row.id),
      );
      const ghosts = stale.filter((row) => !present.has(row.messageId!)).map((row) => row.id);
      if (ghosts.length > 0) await db.attachment.deleteMany({ where: { id: { in: ghosts } } });
      const attachments = [...expired, ...unreferenced, ...ghosts.map((id) => ({ id }))];
      const blobs = await db.$queryRawUnsafe<{ hash: string }[]>(
        `DELETE FROM "AttachmentBlob" WHERE NOT EXISTS (
           SELECT 1 FROM "Attachment" a WHERE a."blobHash" = "AttachmentBlob"."hash"
         ) RETURNING "hash"`,
      );
      return { attachments: attachments.map((row) => row.id), blobs: blobs.map((row) => row.hash) };
    },
    async searchNames(ownerId, terms, beforeSeq, limit) {
      if (terms.length === 0) return [];
      const names = Prisma.join(
        terms.map((term) => Prisma.sql`LOWER(a."name") LIKE ${likeContaining(term.toLowerCase())} ESCAPE '\\'`),
        " AND ",
      );
      // Driven by the attachments whose name matches (few), each looked up by message id: a join
      // let SQLite walk every message of the owner newest first looking for one with a file
      // (250 ms for an inbox of 130 000 messages, on every search).
      // Past Prisma's engine (direct-reads.ts): every search asks it, beside the index's own read.
      const rows = await readRows<{ seq: number | bigint }>(
        db,
        Prisma.sql`
        SELECT m."seq" AS "seq" FROM "Message" m
        WHERE m."id" IN (SELECT a."messageId" FROM "Attachment" a WHERE ${names})
          AND ((m."senderId" = ${ownerId} AND NOT m."deletedBySender") OR (m."recipientId" = ${ownerId} AND NOT m."deletedByRecipient"))
          AND m."seq" < ${beforeSeq}
        ORDER BY m."seq" DESC LIMIT ${limit}`,
      );
      return rows.map((row) => Number(row.seq));
    },
    async referenced(hashes) {
      if (hashes.length === 0) return [];
      const rows = await db.attachment.findMany({ where: { blobHash: { in: hashes } }, select: { blobHash: true }, distinct: ["blobHash"] });
      return rows.flatMap((row) => (row.blobHash ? [row.blobHash] : []));
    },
  };
}
