// A chat message carrying the URL of the sender's own XEP-0363 upload (in its body, or as
// XEP-0066 oob) sends that upload as an attachment, so the web conversation shows the file, not
// only a link. The body keeps the URL: XMPP recipients (which get the body only) fetch it from
// there. Anything else in the text — another server's link, someone else's upload, an upload
// already sent — stays a plain link.
import type { AppServices } from "@/lib/services";
import { filesOrigin, slotsIn } from "./upload-urls";

export async function uploadsNamedIn(
  text: string,
  senderId: string,
  { services, domain }: { services: AppServices; domain: string },
): Promise<string[]> {
  const slots = slotsIn(text, filesOrigin(services.env, domain), services.env.AUTH_SECRET).filter((slot) => slot.ownerId === senderId);
  const ids = [...new Set(slots.map((slot) => slot.uploadId))];
  const ready = await Promise.all(ids.map(async (id) => (await services.attachments.upload(senderId, id))?.state === "ready"));
  return ids.filter((_, index) => ready[index]);
}
