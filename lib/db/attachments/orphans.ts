// THE definition of an orphaned attachment, for both implementations of the store: an upload
// never attached whose session expired, or an attachment whose message no side has any more
// (deleted by both sides; or never stored: uploads are attached just before their message is
// written, so a missing message counts only once the upload's session has expired). A message
// deleted for everyone refers to nothing; one whose sender deleted it for everyone while the
// recipient's copy was kept (a blocker's copy never changes) refers until the recipient deletes it.
// A group message is one row every member shares: it refers until it is deleted for everyone.
import type { MemoryMessage } from "../memory-tables";
import type { StoredAttachment } from "./attachment-store";

/** An upload never attached whose session has expired (a Prisma filter on Attachment). */
export const expiredUpload = (now: Date) => ({ messageId: null, expiresAt: { lt: now } });

/** An attached one whose message no side has: SQL over "Attachment" (unaliased). */
export const UNREFERENCED_ATTACHMENT_SQL = `"Attachment"."messageId" IS NOT NULL AND EXISTS (
  SELECT 1 FROM "Message" m
  WHERE m."id" = "Attachment"."messageId" AND (
    m."retractedAt" IS NOT NULL
    OR ((m."deletedBySender" OR m."senderRetractedAt" IS NOT NULL) AND m."deletedByRecipient")
  )
) OR "Attachment"."messageId" IS NOT NULL AND EXISTS (
  SELECT 1 FROM "GroupMessage" g WHERE g."id" = "Attachment"."messageId" AND g."retractedAt" IS NOT NULL
)`;

/** Attached ones whose session expired (a Prisma filter): orphaned when their message was never stored. */
export const expiredAttached = (now: Date) => ({ messageId: { not: null }, expiresAt: { lt: now } });

/** The same, over the in-memory tables. */
export function isOrphaned(
  attachment: StoredAttachment,
  messages: Map<string, MemoryMessage>,
  now: Date,
  groupMessages: Map<string, { retractedAt: Date | null }> = new Map(),
): boolean {
  if (attachment.messageId === null) return attachment.expiresAt < now;
  const groupMessage = groupMessages.get(attachment.messageId);
  if (groupMessage) return groupMessage.retractedAt !== null;
  const message = messages.get(attachment.messageId);
  if (!message) return attachment.expiresAt < now;
  if (message.retractedAt) return true;
  return (message.deletedBySender || Boolean(message.senderRetractedAt)) && message.deletedByRecipient;
}
