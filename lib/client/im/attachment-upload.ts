// One file's upload from the composer: tus (tus-js-client) to /api/uploads with the session
// cookie. It resumes by itself after a dropped connection (retries with the offset the server
// has, never re-sending what arrived); a refusal (too large, over quota) is said at once, from
// the create step, before any byte is sent.
import { DetailedError, Upload } from "tus-js-client";
import { MAX_ATTACHMENTS_PER_MESSAGE, UPLOADS_PATH } from "@/lib/protocol/attachments";

export { MAX_ATTACHMENTS_PER_MESSAGE };

export type PendingAttachment = {
  /** Local, for React keys. */
  key: string;
  file: File;
  /** 0–1. */
  progress: number;
  state: "uploading" | "done" | "failed";
  /** The server's id once created (the attachment's id once sent). */
  id: string | null;
  error: string | null;
};

/** What a refusal says (the server's message), or a plain one for a network failure. */
export function uploadErrorText(error: Error): string {
  if (error instanceof DetailedError) {
    const body = error.originalResponse?.getBody();
    try {
      const parsed = JSON.parse(body ?? "") as { error?: { message?: string } };
      if (parsed.error?.message) return parsed.error.message;
    } catch {
      // not our JSON: fall through
    }
    if (!error.originalResponse) return "The upload was interrupted. Retry when you are back online.";
  }
  return "The upload failed. Retry.";
}

export type UploadHandle = { abort(): void; resume(): void };

export function startUpload(
  file: File,
  events: { progress(fraction: number): void; created(id: string): void; done(id: string): void; failed(message: string): void },
): UploadHandle {
  let id: string | null = null;
  const upload = new Upload(file, {
    endpoint: UPLOADS_PATH,
    // A dropped connection is retried with what the server already has.
    retryDelays: [0, 1_000, 3_000, 5_000, 10_000],
    chunkSize: 5 * 1024 * 1024,
    metadata: { filename: file.name, filetype: file.type },
    removeFingerprintOnSuccess: true,
    onProgress: (sent, total) => events.progress(total > 0 ? sent / total : 0),
    onUploadUrlAvailable: () => {
      id = upload.url?.split("/").pop() ?? null;
      if (id) events.created(id);
    },
    onSuccess: () => {
      const done = id ?? upload.url?.split("/").pop() ?? null;
      if (done) events.done(done);
      else events.failed("The upload failed. Retry.");
    },
    // Refusals (4xx) are final; network failures were retried above before they end here.
    onShouldRetry: (error) => {
      const status = error.originalResponse?.getStatus() ?? 0;
      return status === 0 || status >= 500 || status === 409 || status === 423;
    },
    onError: (error) => events.failed(uploadErrorText(error)),
  });
  upload.start();
  return {
    abort: () => void upload.abort(true).catch(() => {}),
    resume: () => upload.start(),
  };
}
