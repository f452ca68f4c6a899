// Attachments (pictures and files) on the wire: the view a message carries, the limits a
// client checks before uploading, and the quota answer. Uploads use tus 1.0.0 under
// /api/uploads (docs/protocol.md, "Attachments"); `im:send` names completed uploads by id.
import { z } from "zod";

/** Most attachments one message carries. */
export const MAX_ATTACHMENTS_PER_MESSAGE = 10;

/** An attachment's id (also its upload's): anything else is answered as a missing attachment. */
export const attachmentIdSchema = z.uuid();
/** Defaults of ATTACHMENT_MAX_BYTES and ATTACHMENT_QUOTA_BYTES. */
export const DEFAULT_ATTACHMENT_MAX_BYTES = 25 * 1024 * 1024;
export const DEFAULT_ATTACHMENT_QUOTA_BYTES = 1024 * 1024 * 1024;
/** Where a tus client creates uploads. */
export const UPLOADS_PATH = "/api/uploads";

/**
 * One attachment as a side of the conversation sees it. `url`s are null where the viewer may
 * not fetch the file yet (a message request not accepted): name, size and type only.
 */
export type AttachmentView = {
  id: string;
  name: string;
  /** The type sniffed from the file's bytes. */
  type: string;
  size: number;
  kind: "image" | "file";
  /** Pixel size of an image (orientation applied), so a view can reserve its space; else null. */
  width: number | null;
  height: number | null;
  url: string | null;
  thumbnailUrl: string | null;
  previewUrl: string | null;
};

/** GET /api/account/attachments: how much of the account's quota its files use. */
export type AttachmentUsage = { usedBytes: number; quotaBytes: number; maxFileBytes: number; count: number };

export const attachmentUsageSchema = z
  .object({
    usedBytes: z.number().int(),
    quotaBytes: z.number().int(),
    maxFileBytes: z.number().int(),
    count: z.number().int(),
  })
  .strict();
