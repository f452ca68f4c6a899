// How an attachment looks to one side of its conversation: name, type and size always; the
// URLs only where that side may fetch the file (not in a message request not yet accepted).
import type { AttachmentWithBlob } from "@/lib/db/attachments/attachment-store";
import type { AttachmentView } from "@/lib/protocol/attachments";
import { isInlineImage } from "./attachments/rules";

export function attachmentView(attachment: AttachmentWithBlob, canFetch: boolean): AttachmentView {
  const blob = attachment.blob;
  const type = blob?.type ?? "application/octet-stream";
  const image = isInlineImage(type) && blob?.width != null;
  const base = `/api/attachments/${attachment.id}`;
  return {
    id: attachment.id,
    name: attachment.name,
    type,
    size: blob?.size ?? attachment.size,
    kind: image ? "image" : "file",
    width: image ? blob.width : null,
    height: image ? blob.height : null,
    url: canFetch ? base : null,
    thumbnailUrl: canFetch && image ? `${base}/thumbnail` : null,
    previewUrl: canFetch && image ? `${base}/preview` : null,
  };
}
