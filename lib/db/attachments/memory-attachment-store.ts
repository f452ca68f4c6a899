// The attachment store in memory, over the shared tables (lib/db/memory-tables.ts).
import { deleteWhere, type MemoryTables } from "../memory-tables";
import type { AttachmentStore, AttachmentWithBlob, StoredAttachment } from "./attachment-store";
import { isOrphaned } from "./orphans";

export function createMemoryAttachmentStore(tables: MemoryTables): AttachmentStore {
  const blobOf = (hash: string) => {
    const { hash: found, size, type, width, height } = tables.attachmentBlobs.find((blob) => blob.hash === hash)!;
    return { hash: found, size, type, width, height };
  };
  const withBlob = (row: StoredAttachment): AttachmentWithBlob => ({ ...row, blob: row.blobHash ? blobOf(row.blobHash) : null });
  return {
    async create(upload) {
      tables.attachments.push({ ...upload, state: "uploading", blobHash: null, messageId: null, position: 0 });
    },
    async get(id) {
      const row = tables.attachments.find((candidate) => candidate.id === id);
      return row ? withBlob(row) : null;
    },
    async access(id) {
      const row = tables.attachments.find((candidate) => candidate.id === id);
      if (!row) return null;
      const message = row.messageId ? tables.messages.find((candidate) => candidate.id === row.messageId) : undefined;
      return {
        ...withBlob(row),
        message: message
          ? {
              senderId: message.senderId,
              recipientId: message.recipientId,
              deletedBySender: message.deletedBySender,
              deletedByRecipient: message.deletedByRecipient,
              retracted: Boolean(message.retractedAt),
              retractedBySender: Boolean(message.senderRetractedAt),
            }
          : null,
      };
    },
    async complete(id, blob) {
      const row = tables.attachments.find((candidate) => candidate.id === id);
      if (!row || row.state !== "uploading") return false;
      if (!tables.attachmentBlobs.some((existing) => existing.hash === blob.hash)) {
        tables.attachmentBlobs.push({ ...blob, createdAt: tables.now() });
      }
      Object.assign(row, { state: "ready", blobHash: blob.hash });
      return true;
    },
    async attach(ownerId, ids, messageId) {
      const rows = ids.map((id) => tables.attachments.find((row) => row.id === id));
      if (rows.some((row) => !row || row.ownerId !== ownerId || row.state !== "ready")) return false;
      rows.forEach((row, position) => Object.assign(row!, { state: "attached", messageId, position }));
      return true;
    },
    async detach(ownerId, messageId) {
      for (const row of tables.attachments) {
        if (row.ownerId === ownerId && row.messageId === messageId) Object.assign(row, { state: "ready", messageId: null, position: 0 });
      }
    },
    async forMessages(messageIds) {
      const wanted = new Set(messageIds);
      return tables.attachments
        .filter((row) => row.messageId !== null && wanted.has(row.messageId))
        .sort((a, b) => a.position - b.position)
        .map(withBlob);
    },
    async usage(ownerId) {
      const rows = tables.attachments.filter((row) => row.ownerId === ownerId);
      return { usedBytes: rows.reduce((sum, row) => sum + row.size, 0), count: rows.length };
    },
    async removeUpload(ownerId, id) {
      return deleteWhere(tables.attachments, (row) => row.id === id && row.ownerId === ownerId && row.messageId === null) > 0;
    },
    async removeUploads(ownerId) {
      const ids = tables.attachments.filter((row) => row.ownerId === ownerId && row.messageId === null).map((row) => row.id);
      deleteWhere(tables.attachments, (row) => ids.includes(row.id));
      return ids;
    },
    async collect(now) {
      const messages = new Map(tables.messages.map((message) => [message.id, message]));
      const groupMessages = new Map(tables.groupMessages.map((message) => [message.id, message]));
      const attachments = tables.attachments.filter((row) => isOrphaned(row, messages, now, groupMessages)).map((row) => row.id);
      deleteWhere(tables.attachments, (row) => attachments.includes(row.id));
      const used = new Set(tables.attachments.map((row) => row.blobHash));
      const blobs = tables.attachmentBlobs.filter((blob) => !used.has(blob.hash)).map((blob) => blob.hash);
      deleteWhere(tables.attachmentBlobs, (blob) => blobs.includes(blob.hash));
      return { attachments, blobs };
    },
    async searchNames(ownerId, terms, beforeSeq, limit) {
      if (terms.length === 0) return [];
      const seqs = new Set<number>();
      for (const row of tables.attachments) {
        const name = row.name.toLowerCase();
        if (!row.messageId || !terms.every((term) => name.includes(term.toLowerCase()))) continue;
        const message = tables.messages.find((candidate) => candidate.id === row.messageId);
        if (!message || message.seq >= beforeSeq) continue;
        const has =
          (message.senderId === ownerId && !message.deletedBySender) || (message.recipientId === ownerId && !message.deletedByRecipient);
        if (has) seqs.add(message.seq);
      }
      return [...seqs].sort((a, b) => b - a).slice(0, limit);
    },
    async referenced(hashes) {
      const used = new Set(tables.attachments.map((row) => row.blobHash));
      return hashes.filter((hash) => used.has(hash));
    },
  };
}
