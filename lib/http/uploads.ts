// Resumable uploads of attachments: tus 1.0.0 (@tus/server) under /api/uploads, mounted in
// server.ts before Next.js. Every request needs a browser session (from this site) or a token
// with the `messages` scope; an upload is visible to its uploader only (others get 404). The
// create step carries the size, so a file over the limit or the quota is refused (413) before
// a byte is sent; a PATCH never writes past the announced size. Incomplete parts stay in
// DATA_DIR/uploads until the upload completes, is cancelled, or its session expires.
import { randomUUID } from "node:crypto";
import { readFile } from "node:fs/promises";
import type { IncomingMessage, ServerResponse } from "node:http";
import path from "node:path";
import { FileStore } from "@tus/file-store";
import { Server } from "@tus/server";
import type { AccessTokens } from "@/lib/accounts/access-tokens";
import type { AccountService, SessionUser } from "@/lib/accounts/account-service";
import { permits } from "@/lib/accounts/token-scopes";
import type { AttachmentService } from "@/lib/im/attachments/attachment-service";
import type { Logger } from "@/lib/log";
import { ErrorCode, HTTP_STATUS, isServiceError, UPLOADS_PATH } from "@/lib/protocol";
import { sessionUserFromCookies } from "@/lib/realtime/auth-middleware";

/** Set here, after authentication, for the tus hooks; a client's own value is dropped. */
const UPLOADER_HEADER = "x-buddylist-uploader";

type Deps = {
  attachments: AttachmentService;
  accounts: AccountService;
  accessTokens: AccessTokens;
  authSecret: string;
  dataDir: string;
  /** How long an upload may take before its parts are removed (ATTACHMENT_UPLOAD_HOURS). */
  lifetimeMs: number;
  logger: Pick<Logger, "error" | "warn">;
};

const errorBody = (code: ErrorCode, message: string) => JSON.stringify({ error: { code, message } });

export function createUploads(deps: Deps) {
  const directory = path.join(deps.dataDir, "uploads");
  const datastore = new FileStore({ directory, expirationPeriodInMilliseconds: deps.lifetimeMs });
  const tus = new Server({
    path: UPLOADS_PATH,
    datastore,
    relativeLocation: true,
    // Same-origin pages only: no CORS grants to other sites.
    allowedOrigins: () => false,
    namingFunction: () => randomUUID(),
    async onUploadCreate(req, upload) {
      const uploader = req.headers.get(UPLOADER_HEADER);
      if (!uploader) throw { status_code: 401, body: errorBody(ErrorCode.unauthorized, "Sign in first.") };
      try {
        await deps.attachments.openUpload(uploader, { id: upload.id, name: upload.metadata?.filename ?? "file", size: upload.size });
      } catch (error) {
        if (isServiceError(error)) throw { status_code: HTTP_STATUS[error.code], body: errorBody(error.code, error.message) };
        throw error;
      }
      return {};
    },
    async onUploadFinish(_req, upload) {
      await finish(upload.id);
      return {};
    },
    onResponseError(_req, error) {
      if ("status_code" in error) return undefined;
      deps.logger.error({ err: error }, "upload failed");
      return { status_code: 500, body: errorBody(ErrorCode.internal, "The upload could not be stored. Try again.") };
    },
  });

  /** Stores a complete upload's bytes (after a failed attempt, the parts are still there). */
  async function finish(id: string) {
    const bytes = await readFile(path.join(directory, id));
    await deps.attachments.finishUpload(id, bytes);
    await datastore.remove(id).catch(() => {});
  }

  async function uploader(req: IncomingMessage): Promise<SessionUser | null> {
    const authorization = req.headers.authorization;
    if (authorization) {
      const [scheme, token] = authorization.split(" ");
      const user = scheme === "Bearer" && token ? await deps.accessTokens.resolve(token) : null;
      return user && permits(user, "messages") ? user : null;
    }
    // A cookie is sent by the browser whichever site asks: only this site's pages may use it.
    // server.ts keeps X-Forwarded-Host only behind a trusted proxy (as requireSessionUser reads it).
    const origin = req.headers.origin;
    const host = (req.headers["x-forwarded-host"] as string | undefined) ?? req.headers.host;
    if (origin !== undefined && hostOf(origin) !== host) return null;
    return sessionUserFromCookies(req.headers.cookie, deps);
  }

  function complete(res: ServerResponse, size: number) {
    res.writeHead(200, { "Tus-Resumable": "1.0.0", "Upload-Offset": String(size), "Upload-Length": String(size), "Cache-Control": "no-store" });
    res.end();
  }

  function answer(res: ServerResponse, code: ErrorCode, message: string) {
    res.writeHead(HTTP_STATUS[code], { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store", "Tus-Resumable": "1.0.0" });
    res.end(errorBody(code, message));
  }

  return {
    handles(url: string | undefined): boolean {
      const pathname = (url ?? "").split("?")[0] ?? "";
      return pathname === UPLOADS_PATH || pathname.startsWith(`${UPLOADS_PATH}/`);
    },

    async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
      setUploader(req, null);
      try {
        if (req.method !== "OPTIONS") {
          const user = await uploader(req);
          if (!user) return answer(res, ErrorCode.unauthorized, "Sign in, or send a personal access token with the messages scope.");
          const id = (req.url ?? "").split("?")[0]!.slice(UPLOADS_PATH.length + 1);
          const upload = id === "" ? null : await deps.attachments.upload(user.id, id);
          if (id !== "" && !upload) return answer(res, ErrorCode.not_found, "There is no such upload.");
          if (req.method === "HEAD" && upload) {
            // A client asking after its final PATCH (whose answer it lost, or which failed while
            // storing): the bytes all arrived, so finish if need be and say it is complete.
            const parts = upload.state === "uploading" ? await datastore.getUpload(id).catch(() => null) : null;
            const whole = parts !== null && parts.size !== undefined && parts.offset === parts.size;
            if (whole) await finish(id);
            if (upload.state === "ready" || whole) return complete(res, upload.size);
          }
          if (req.method === "DELETE" && id !== "") await deps.attachments.cancelUpload(user.id, id);
          setUploader(req, user.id);
        }
        await tus.handle(req, res);
      } catch (error) {
        deps.logger.error({ err: error }, "upload request failed");
        if (!res.headersSent) answer(res, ErrorCode.internal, "The upload failed. Try again.");
        else res.destroy();
      }
    },

    /**
     * Drops the parts of uploads that were collected, and of any upload older than its
     * lifetime (one whose account was deleted meanwhile, say).
     */
    forget(ids: string[]): void {
      for (const id of ids) void datastore.remove(id).catch(() => {});
      datastore.deleteExpired().catch((error: unknown) => deps.logger.warn({ err: error }, "removing expired upload parts failed"));
    },
  };
}
export type Uploads = ReturnType<typeof createUploads>;

/** tus reads headers from rawHeaders (through srvx): both are rewritten. */
function setUploader(req: IncomingMessage, userId: string | null) {
  const raw: string[] = [];
  for (let index = 0; index < req.rawHeaders.length; index += 2) {
    if (req.rawHeaders[index]!.toLowerCase() !== UPLOADER_HEADER) raw.push(req.rawHeaders[index]!, req.rawHeaders[index + 1]!);
  }
  delete req.headers[UPLOADER_HEADER];
  if (userId !== null) {
    raw.push(UPLOADER_HEADER, userId);
    req.headers[UPLOADER_HEADER] = userId;
  }
  req.rawHeaders.splice(0, req.rawHeaders.length, ...raw);
}

function hostOf(origin: string): string | null {
  try {
    return new URL(origin).host;
  } catch {
    return null;
  }
}
