// Storage of attachments' metadata: upload sessions, the files they became, and which message
// each is attached to; the content itself is in a BlobStore (lib/db/blobs/), addressed by hash.
// Implementations: prisma-attachment-store.ts (SQLite, PostgreSQL), memory-attachment-store.ts;
// tests/contracts/attachment-store.test.ts holds both to this contract.

export type AttachmentState = "uploading" | "ready" | "attached";

export type StoredBlob = {
  /** SHA-256 of the stored bytes, hex. */
  hash: string;
  size: number;
  /** Sniffed from the bytes. */
  type: string;
  width: number | null;
  height: number | null;
};

export type StoredAttachment = {
  id: string;
  ownerId: string;
  name: string;
  size: number;
  state: AttachmentState;
  blobHash: string | null;
  messageId: string | null;
  position: number;
  createdAt: Date;
  expiresAt: Date;
};

export type AttachmentWithBlob = StoredAttachment & { blob: StoredBlob | null };

/** An attached attachment with the sides of its message, for deciding who may fetch it. */
export type AttachmentAccess = AttachmentWithBlob & {
  message: {
    senderId: string;
    recipientId: string;
    deletedBySender: boolean;
    deletedByRecipient: boolean;
    /** Deleted for everyone; or for the sender's copy only (the recipient blocks the sender). */
    retracted: boolean;
    retractedBySender: boolean;
  } | null;
};

export type NewUpload = Pick<StoredAttachment, "id" | "ownerId" | "name" | "size" | "createdAt" | "expiresAt">;

export interface AttachmentStore {
  /** Opens an upload session (state `uploading`). */
  create(upload: NewUpload): Promise<void>;
  get(id: string): Promise<AttachmentWithBlob | null>;
  /** The attachment with its message's sides (null message: not attached, or the message is gone). */
  access(id: string): Promise<AttachmentAccess | null>;
  /**
   * An upload is complete: records its blob (once per hash) and points the attachment at it
   * (state `ready`). False when the upload is gone or no longer uploading.
   */
  complete(id: string, blob: StoredBlob): Promise<boolean>;
  /**
   * Attaches the owner's ready uploads to a message, in the order given. All or nothing: false,
   * changing nothing, unless every id names a ready upload of the owner's.
   */
  attach(ownerId: string, ids: string[], messageId: string): Promise<boolean>;
  /** Undoes attach() for a message that was not stored after all: the uploads are ready again. */
  detach(ownerId: string, messageId: string): Promise<void>;
  /** The attachments of these messages, each message's in order. */
  forMessages(messageIds: string[]): Promise<AttachmentWithBlob[]>;
  /** What the owner's attachments take (uploads in progress count with their announced size). */
  usage(ownerId: string): Promise<{ usedBytes: number; count: number }>;
  /** Removes an upload that is not attached (a cancelled one). False when there was none. */
  removeUpload(ownerId: string, id: string): Promise<boolean>;
  /** Removes every upload of the owner's not attached to a message (a deleted account). */
  removeUploads(ownerId: string): Promise<string[]>;
  /**
   * Removes every orphaned attachment (orphans.ts says which, in one place), then every blob
   * no attachment refers to. Returns the ids of the attachments and hashes of the blobs removed.
   */
  collect(now: Date): Promise<{ attachments: string[]; blobs: string[] }>;
  /**
   * Seqs of the owner's messages (those it still has) with an attachment whose name contains
   * every term (case-insensitive), newest first, below `beforeSeq`: search finds files by name.
   */
  searchNames(ownerId: string, terms: string[], beforeSeq: number, limit: number): Promise<number[]>;
  /** Blob hashes some attachment refers to, of these. */
  referenced(hashes: string[]): Promise<string[]>;
}
