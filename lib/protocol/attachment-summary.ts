// How a message with pictures or files but no caption is named where only text fits (the
// conversation list, a notification): "Picture", "2 files", … Pure, for the browser and the server.
import type { AttachmentView } from "./attachments";

export function attachmentSummary(attachments: Pick<AttachmentView, "kind">[]): string {
  if (attachments.length === 0) return "";
  const pictures = attachments.every((attachment) => attachment.kind === "image");
  const noun = pictures ? "picture" : "file";
  return attachments.length === 1 ? (pictures ? "Picture" : "File") : `${attachments.length} ${noun}s`;
}
