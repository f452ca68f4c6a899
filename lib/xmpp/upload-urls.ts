// XEP-0363 slot addresses, pure: one capability URL per upload for its PUT and its GET, under
// /xmpp-files/<owner>/<upload>/<token>/<name>. XMPP apps send no cookie, so the token (an HMAC of
// owner and upload under AUTH_SECRET) is the permission: whoever has the URL may fetch the file,
// as in every XEP-0363 service. The origin is the app's public URL (AUTH_URL) when set.
import { createHmac, timingSafeEqual } from "node:crypto";
import { safeFileName } from "@/lib/im/attachments/rules";

export const XMPP_FILES_PATH = "/xmpp-files";

export type FilesEnv = { AUTH_SECRET?: string; AUTH_URL?: string; PORT: number };

export function uploadToken(secret: string, ownerId: string, uploadId: string): string {
  return createHmac("sha256", secret).update(`xmpp-upload:${ownerId}:${uploadId}`).digest("base64url").slice(0, 32);
}

export function filesOrigin(env: FilesEnv, domain: string): string {
  return env.AUTH_URL ? new URL(env.AUTH_URL).origin : `http://${domain}:${env.PORT}`;
}

export function slotUrl(origin: string, secret: string, ownerId: string, uploadId: string, name: string): string {
  const token = uploadToken(secret, ownerId, uploadId);
  return `${origin}${XMPP_FILES_PATH}/${ownerId}/${uploadId}/${token}/${encodeURIComponent(safeFileName(name))}`;
}

/** The upload a slot URL's path names, when its token is right; null otherwise. */
export function parseSlotPath(secret: string, url: string | undefined): { ownerId: string; uploadId: string } | null {
  const path = (url ?? "").split("?")[0]!;
  if (!path.startsWith(`${XMPP_FILES_PATH}/`)) return null;
  const [ownerId, uploadId, token] = path.slice(XMPP_FILES_PATH.length + 1).split("/");
  if (!ownerId || !uploadId || !token) return null;
  const expected = Buffer.from(uploadToken(secret, ownerId, uploadId));
  const given = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected) ? { ownerId, uploadId } : null;
}

/** The slot URLs (of this server, with a right token) a message's text or oob URL names. */
export function slotsIn(text: string, origin: string, secret: string): { ownerId: string; uploadId: string; url: string }[] {
  const found = [];
  for (const url of text.match(/https?:\/\/\S+/g) ?? []) {
    if (!url.startsWith(`${origin}${XMPP_FILES_PATH}/`)) continue;
    const slot = parseSlotPath(secret, url.slice(origin.length));
    if (slot) found.push({ ...slot, url });
  }
  return found;
}
