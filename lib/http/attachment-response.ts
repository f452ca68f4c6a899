// Serves an attachment's bytes: to the two sides of its conversation only (everyone else, a
// blocked viewer included, gets exactly the 404 of a missing id), inline only for the images a
// browser shows, and sandboxed whatever it is (lib/im/attachments/rules.ts).
import { Readable } from "node:stream";
import type { Variant } from "@/lib/im/attachments/attachment-service";
import { ATTACHMENT_SECURITY_HEADERS, contentDisposition } from "@/lib/im/attachments/rules";
import { ErrorCode, ServiceError } from "@/lib/protocol";
import { getServices } from "@/lib/services";

/**
 * The response for a viewer (the caller, authenticated by the route) asking for an attachment.
 * Browsers revalidate every time (who may see a file can change: a block, a deletion); the ETag
 * makes that a 304 without the bytes.
 */
export async function serveAttachment(
  request: Request,
  viewerId: string,
  /** The id the route parsed (attachmentIdSchema); null when it is not one. */
  id: string | null,
  variant: Variant,
): Promise<Response> {
  if (id === null) throw new ServiceError(ErrorCode.not_found, "There is no such attachment.");
  const file = await getServices().attachments.open(viewerId, id, variant);
  if (request.headers.get("if-none-match") === file.etag) {
    file.stream.destroy();
    return new Response(null, { status: 304, headers: { ...ATTACHMENT_SECURITY_HEADERS, ETag: file.etag, Vary: "Authorization, Cookie" } });
  }
  const headers = new Headers({
    ETag: file.etag,
    ...ATTACHMENT_SECURITY_HEADERS,
    "Content-Type": file.type,
    "Content-Disposition": contentDisposition(file.type, variant === "original" ? file.name : `${file.name}.webp`),
    Vary: "Authorization, Cookie",
  });
  if (file.size !== null) headers.set("Content-Length", String(file.size));
  return new Response(Readable.toWeb(file.stream) as ReadableStream<Uint8Array>, { headers });
}
