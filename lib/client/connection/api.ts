// The browser's REST calls, answered like socket acks: `{ ok, data }` or `{ ok: false, error }`
// with an error a person can read. The server's JSON errors come through as they are; a proxy's
// HTML error page or a dropped connection become an error of the same shape, never a throw.
import { type Ack, ErrorCode, type ProtocolError } from "@/lib/protocol/errors";

export type HttpMethod = "GET" | "POST" | "PATCH" | "DELETE";

export const NETWORK_ERROR: ProtocolError = {
  code: ErrorCode.internal,
  message: "Could not reach the server. Check your connection and try again.",
};

/** What to say when an error answer carries no readable body (a proxy, a crash). */
const FALLBACK: Partial<Record<number, ProtocolError>> = {
  401: { code: ErrorCode.unauthorized, message: "Your session has ended. Sign in again." },
  403: { code: ErrorCode.forbidden, message: "You may not do this." },
  404: { code: ErrorCode.not_found, message: "This was not found. Reload the page and try again." },
  413: { code: ErrorCode.payload_too_large, message: "The request is too large." },
  429: { code: ErrorCode.rate_limited, message: "Too many requests. Wait a moment and try again." },
};

const CODES = new Set<string>(Object.values(ErrorCode));

function isProtocolError(value: unknown): value is ProtocolError {
  if (typeof value !== "object" || value === null) return false;
  const { code, message, issues } = value as Record<string, unknown>;
  return typeof code === "string" && CODES.has(code) && typeof message === "string" && (issues === undefined || Array.isArray(issues));
}

/** The error an answer with this status and (parsed, possibly missing) body stands for. */
export function errorFromAnswer(status: number, body: unknown): ProtocolError {
  const error = typeof body === "object" && body !== null ? (body as { error?: unknown }).error : undefined;
  if (isProtocolError(error)) return error;
  return FALLBACK[status] ?? { code: ErrorCode.internal, message: `Something went wrong on the server (HTTP ${status}). Try again.` };
}

async function readJsonBody(response: Response): Promise<unknown> {
  const text = await response.text();
  if (text === "") return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** Sends the request; a network failure (or an abort) resolves to null. */
async function send(method: HttpMethod, path: string, body: unknown, signal?: AbortSignal): Promise<Response | null> {
  try {
    return await fetch(path, {
      method,
      // The server reads JSON only (a cross-site form cannot send it), and credentials are the cookie.
      headers: body === undefined ? { accept: "application/json" } : { accept: "application/json", "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: "same-origin",
      cache: "no-store",
      signal,
    });
  } catch {
    return null;
  }
}

/** A JSON call: the parsed body on success, the server's error (or a readable one) otherwise. */
export async function apiRequest<T>(method: HttpMethod, path: string, body?: unknown, signal?: AbortSignal): Promise<Ack<T>> {
  const response = await send(method, path, body, signal);
  if (!response) return { ok: false, error: NETWORK_ERROR };
  let parsed: unknown;
  try {
    parsed = await readJsonBody(response);
  } catch {
    return { ok: false, error: NETWORK_ERROR };
  }
  if (!response.ok) return { ok: false, error: errorFromAnswer(response.status, parsed) };
  return { ok: true, data: parsed as T };
}

/** A file download: the bytes and the name the server suggested (or `fallbackName`). */
export async function apiDownload(path: string, fallbackName: string): Promise<Ack<{ blob: Blob; filename: string }>> {
  const response = await send("GET", path, undefined);
  if (!response) return { ok: false, error: NETWORK_ERROR };
  if (!response.ok) return { ok: false, error: errorFromAnswer(response.status, await readJsonBody(response).catch(() => undefined)) };
  try {
    const blob = await response.blob();
    return { ok: true, data: { blob, filename: filenameFromContentDisposition(response.headers.get("content-disposition"), fallbackName) } };
  } catch {
    return { ok: false, error: NETWORK_ERROR };
  }
}

/**
 * The file name of a Content-Disposition header (RFC 6266): `filename*` (UTF-8, percent-encoded)
 * wins over `filename`; any folder part is dropped, so the name cannot point elsewhere.
 */
export function filenameFromContentDisposition(header: string | null, fallback: string): string {
  if (!header) return fallback;
  const extended = /filename\*\s*=\s*([\w-]+)'[^']*'([^;]+)/i.exec(header);
  let name: string | undefined;
  if (extended?.[1]?.toLowerCase() === "utf-8" && extended[2]) {
    try {
      name = decodeURIComponent(extended[2].trim());
    } catch {
      name = undefined;
    }
  }
  if (name === undefined) {
    const quoted = /(?:^|;)\s*filename\s*=\s*"((?:[^"\\]|\\.)*)"/i.exec(header);
    const plain = /(?:^|;)\s*filename\s*=\s*([^";\s]+)/i.exec(header);
    name = quoted?.[1]?.replace(/\\(.)/g, "$1") ?? plain?.[1];
  }
  const base = name?.split(/[/\\]/).pop()?.trim();
  return base && base !== "." && base !== ".." ? base : fallback;
}
