// Attachments, the service: opens upload sessions within the size limit and the account's
// quota (refused before a byte is sent), turns a completed upload into a stored file (sniffed,
// images cleaned and sized, content addressed by SHA-256), attaches uploads to a message,
// decides who may fetch a file, and collects what nothing refers to any more.
import { createHash } from "node:crypto";
import type { Readable } from "node:stream";
import type { AttachmentStore, AttachmentWithBlob } from "@/lib/db/attachments/attachment-store";
import type { BlobStore } from "@/lib/db/blobs/blob-store";
import type { MessageStore } from "@/lib/db/im/message-store";
import type { Logger } from "@/lib/log";
import type { AttachmentUsage } from "@/lib/protocol/attachments";
import { ErrorCode, ServiceError } from "@/lib/protocol/errors";
import { processUpload } from "./process-upload";
import { safeFileName, uploadRefusal } from "./rules";

export type AttachmentLimits = { maxBytes: number; quotaBytes: number; uploadLifetimeMs: number };
export type Variant = "original" | "thumbnail" | "preview";

/** Keys of a blob's content and its image variants in the blob store. */
export const blobKeys = (hash: string) => ({ original: hash, thumbnail: `${hash}.thumb`, preview: `${hash}.preview` });

/** Exactly what a missing attachment gets: a stranger's and a blocked viewer's answer too. */
const missing = () => new ServiceError(ErrorCode.not_found, "There is no such attachment.");

/** How often orphaned uploads and blobs are collected. */
export const SWEEP_INTERVAL_MS = 60 * 60 * 1000;

export function createAttachmentService(deps: {
  store: AttachmentStore;
  blobs: BlobStore;
  messages: Pick<MessageStore, "conversation">;
  /** Whether the account blocks the viewer (a blocked viewer must look like a stranger). */
  blocks: (ownerId: string, viewerId: string) => Promise<boolean>;
  /** Whether the viewer sees this group message with its files (group conversations decide). */
  groupMessageShown?: (viewerId: string, messageId: string) => Promise<boolean>;
  limits: AttachmentLimits;
  logger: Pick<Logger, "error" | "info">;
  now?: () => number;
}) {
  const { store, blobs, messages, limits, logger } = deps;
  const now = deps.now ?? Date.now;

  async function usage(userId: string): Promise<AttachmentUsage> {
    const used = await store.usage(userId);
    return { usedBytes: used.usedBytes, quotaBytes: limits.quotaBytes, maxFileBytes: limits.maxBytes, count: used.count };
  }

  /** Whether a side of the message may fetch its files: its own side still has it, no block, a request accepted. */
  async function mayFetch(viewerId: string, attachment: NonNullable<Awaited<ReturnType<AttachmentStore["access"]>>>) {
    const message = attachment.message;
    if (attachment.state === "attached" && !message && attachment.messageId && deps.groupMessageShown) {
      return deps.groupMessageShown(viewerId, attachment.messageId);
    }
    if (!message || attachment.state !== "attached") return attachment.ownerId === viewerId && attachment.state === "ready";
    if (message.retracted) return false;
    if (viewerId === message.senderId) return !message.deletedBySender && !message.retractedBySender;
    if (viewerId !== message.recipientId || message.deletedByRecipient) return false;
    if (await deps.blocks(message.senderId, viewerId)) return false;
    const side = await messages.conversation(viewerId, message.senderId);
    return side?.state === "accepted";
  }

  async function collect(): Promise<string[]> {
    const removed = await store.collect(new Date(now()));
    if (removed.blobs.length > 0) {
      await blobs.remove(removed.blobs.flatMap((hash) => Object.values(blobKeys(hash))));
      logger.info({ blobs: removed.blobs.length, attachments: removed.attachments.length }, "attachments collected");
    }
    return removed.attachments;
  }

  return {
    usage,
    collect,

    /** Opens an upload session, or refuses it (413) before any byte is sent. */
    async openUpload(ownerId: string, input: { id: string; name: string; size: number | undefined }): Promise<void> {
      const { usedBytes } = await store.usage(ownerId);
      const refusal = uploadRefusal({ size: input.size ?? -1, usedBytes, maxBytes: limits.maxBytes, quotaBytes: limits.quotaBytes });
      if (refusal) {
        const code = input.size === undefined || input.size <= 0 ? ErrorCode.invalid_payload : ErrorCode.payload_too_large;
        throw new ServiceError(code, refusal);
      }
      const at = now();
      await store.create({
        id: input.id,
        ownerId,
        name: safeFileName(input.name),
        size: input.size!,
        createdAt: new Date(at),
        expiresAt: new Date(at + limits.uploadLifetimeMs),
      });
    },

    /** An upload of the account's, not yet sent (null: none, or someone else's). */
    async upload(ownerId: string, id: string): Promise<{ state: "uploading" | "ready" | "attached"; size: number } | null> {
      const attachment = await store.get(id);
      if (!attachment || attachment.ownerId !== ownerId || attachment.messageId !== null) return null;
      return { state: attachment.state, size: attachment.size };
    },

    /** Whether an upload in progress (or complete, unsent) is this account's: others get 404. */
    async ownsUpload(ownerId: string, id: string): Promise<boolean> {
      const attachment = await store.get(id);
      return attachment !== null && attachment.ownerId === ownerId && attachment.messageId === null;
    },

    /** The upload's bytes all arrived: sniff, clean, store by hash, and mark it ready. */
    async finishUpload(id: string, bytes: Buffer): Promise<AttachmentWithBlob> {
      const processed = await processUpload(bytes);
      const hash = createHash("sha256").update(processed.bytes).digest("hex");
      const keys = blobKeys(hash);
      const puts = async () => {
        await blobs.put(keys.original, processed.bytes, processed.type);
        if (processed.thumbnail) await blobs.put(keys.thumbnail, processed.thumbnail, "image/webp");
        if (processed.preview) await blobs.put(keys.preview, processed.preview, "image/webp");
      };
      await puts();
      const completed = await store.complete(id, {
        hash,
        size: processed.bytes.length,
        type: processed.type,
        width: processed.width,
        height: processed.height,
      });
      if (!completed) throw missing();
      // A sweep may have removed the same content (an orphan with this hash) meanwhile: put it back.
      if (!(await blobs.exists(keys.original))) await puts();
      return (await store.get(id))!;
    },

    async cancelUpload(ownerId: string, id: string): Promise<void> {
      await store.removeUpload(ownerId, id);
    },

    /**
     * Attaches the sender's completed, unsent uploads to a message about to be stored, all or
     * nothing; refuses the send otherwise. Returns them, in order, for the message's views.
     */
    async reserve(senderId: string, ids: string[], messageId: string): Promise<AttachmentWithBlob[]> {
      if (ids.length === 0) return [];
      const refuse = (message: string) =>
        new ServiceError(ErrorCode.invalid_payload, message, { issues: [{ path: "attachments", message }] });
      const found = await Promise.all(ids.map((id) => store.get(id)));
      for (const attachment of found) {
        if (attachment?.ownerId === senderId && attachment.state === "uploading") throw refuse("A file has not finished uploading.");
        if (attachment?.ownerId !== senderId || attachment.state !== "ready") throw refuse("There is no such upload, or it is already sent.");
      }
      if (!(await store.attach(senderId, ids, messageId))) throw refuse("There is no such upload, or it is already sent.");
      return found.map((attachment, position) => ({ ...attachment!, state: "attached" as const, messageId, position }));
    },

    /** The message was not stored after all: its uploads may be sent again. */
    release(senderId: string, messageId: string): Promise<void> {
      return store.detach(senderId, messageId);
    },

    /** Attachments of these messages, by message id, in order. */
    async ofMessages(messageIds: string[]): Promise<Map<string, AttachmentWithBlob[]>> {
      const byMessage = new Map<string, AttachmentWithBlob[]>();
      for (const attachment of await store.forMessages(messageIds)) {
        const list = byMessage.get(attachment.messageId!) ?? [];
        list.push(attachment);
        byMessage.set(attachment.messageId!, list);
      }
      return byMessage;
    },

    /** A file for a viewer who may have it; everyone else gets the answer of a missing one. */
    async open(
      viewerId: string,
      id: string,
      variant: Variant,
    ): Promise<{ stream: Readable; type: string; name: string; size: number | null; etag: string }> {
      const attachment = await store.access(id);
      if (!attachment?.blob || !(await mayFetch(viewerId, attachment))) throw missing();
      const blob = attachment.blob;
      const key = blobKeys(blob.hash)[variant];
      if (variant !== "original" && blob.width === null) throw missing();
      const stream = await blobs.read(key);
      if (!stream) {
        logger.error({ attachment: id, key }, "attachment content is missing from the blob store");
        throw missing();
      }
      const type = variant === "original" ? blob.type : "image/webp";
      // Content-addressed: the key names the bytes for good.
      return { stream, type, name: attachment.name, size: variant === "original" ? blob.size : null, etag: `"${key}"` };
    },

    /** The account is gone: its unsent uploads go, and whatever that orphans. */
    async accountDeleted(userId: string): Promise<string[]> {
      const uploads = await store.removeUploads(userId);
      return [...uploads, ...(await collect())];
    },

    /** Collects orphans now and then; the timer does not hold the process open. */
    startSweeping(onCollected?: (attachmentIds: string[]) => void): () => void {
      const timer = setInterval(() => {
        collect().then(onCollected, (error: unknown) => logger.error({ err: error }, "collecting attachments failed"));
      }, SWEEP_INTERVAL_MS);
      timer.unref();
      return () => clearInterval(timer);
    },
  };
}
export type AttachmentService = ReturnType<typeof createAttachmentService>;
