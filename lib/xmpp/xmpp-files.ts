// The HTTP side of XEP-0363 (served in server.ts before Next.js): PUT stores the bytes of an
// upload a slot request opened, exactly its announced size, through the same finishing step as
// the web upload (sniffed, cleaned, stored by hash); GET serves the file as its owner could
// fetch it. The URL's token is the permission (upload-urls.ts); anything else gets 404.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { AttachmentService } from "@/lib/im/attachments/attachment-service";
import { ATTACHMENT_SECURITY_HEADERS, contentDisposition } from "@/lib/im/attachments/rules";
import type { Logger } from "@/lib/log";
import { isServiceError } from "@/lib/protocol";
import { parseSlotPath, XMPP_FILES_PATH } from "./upload-urls";

export function createXmppFiles(deps: { attachments: AttachmentService; secret: string; logger: Pick<Logger, "error"> }) {
  const { attachments } = deps;

  function answer(res: ServerResponse, status: number, text: string) {
    res.writeHead(status, { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store", "Access-Control-Allow-Origin": "*" });
    res.end(text);
  }

  async function put(req: IncomingMessage, res: ServerResponse, ownerId: string, uploadId: string) {
    const upload = await attachments.upload(ownerId, uploadId);
    if (!upload || upload.state !== "uploading") return answer(res, 404, "There is no such upload.");
    if (req.headers["content-length"] !== String(upload.size)) {
      return answer(res, 400, `Send exactly the ${upload.size} bytes the slot was asked for, with that Content-Length.`);
    }
    const chunks: Buffer[] = [];
    let received = 0;
    for await (const chunk of req as AsyncIterable<Buffer>) {
      received += chunk.length;
      if (received > upload.size) return answer(res, 413, "More bytes than announced.");
      chunks.push(chunk);
    }
    if (received !== upload.size) return answer(res, 400, "Fewer bytes than announced.");
    await attachments.finishUpload(uploadId, Buffer.concat(chunks));
    answer(res, 201, "Stored.");
  }

  async function get(req: IncomingMessage, res: ServerResponse, ownerId: string, uploadId: string) {
    const file = await attachments.open(ownerId, uploadId, "original");
    res.writeHead(200, {
      ...ATTACHMENT_SECURITY_HEADERS,
      "Content-Type": file.type,
      "Content-Disposition": contentDisposition(file.type, file.name),
      ...(file.size !== null ? { "Content-Length": String(file.size) } : {}),
      ETag: file.etag,
      "Access-Control-Allow-Origin": "*",
    });
    if (req.method === "HEAD") {
      file.stream.destroy();
      return void res.end();
    }
    file.stream.pipe(res);
  }

  return {
    handles: (url: string | undefined) => (url ?? "").startsWith(`${XMPP_FILES_PATH}/`),

    async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
      try {
        const slot = parseSlotPath(deps.secret, req.url);
        if (!slot) return answer(res, 404, "There is no such file.");
        if (req.method === "PUT") return await put(req, res, slot.ownerId, slot.uploadId);
        if (req.method === "GET" || req.method === "HEAD") return await get(req, res, slot.ownerId, slot.uploadId);
        res.setHeader("Allow", "GET, HEAD, PUT");
        answer(res, 405, "GET, HEAD or PUT.");
      } catch (error) {
        if (isServiceError(error)) return answer(res, 404, "There is no such file.");
        deps.logger.error({ err: error }, "XMPP file request failed");
        if (!res.headersSent) answer(res, 500, "The file could not be stored or read. Try again.");
        else res.destroy();
      }
    },
  };
}
