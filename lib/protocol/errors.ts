// Error codes shared by socket acknowledgements and HTTP bodies. Only these codes and their
// messages go over the wire; anything unexpected becomes `internal`.
import { z } from "zod";

export const ErrorCode = {
  invalid_payload: "invalid_payload",
  unauthorized: "unauthorized",
  forbidden: "forbidden",
  not_found: "not_found",
  conflict: "conflict",
  rate_limited: "rate_limited",
  payload_too_large: "payload_too_large",
  unsupported_media_type: "unsupported_media_type",
  internal: "internal",
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** The HTTP status of each code: the route handlers answer with it, and the OpenAPI description lists it. */
export const HTTP_STATUS: Record<ErrorCode, number> = {
  invalid_payload: 422,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  rate_limited: 429,
  payload_too_large: 413,
  unsupported_media_type: 415,
  internal: 500,
};

export type ErrorIssue = { path: string; message: string };

/** Zod's issues in wire form. */
export function issuesOf(error: { issues: { path: PropertyKey[]; message: string }[] }): ErrorIssue[] {
  return error.issues.map((issue) => ({ path: issue.path.map(String).join("."), message: issue.message }));
}

export type ProtocolError = {
  code: ErrorCode;
  message: string;
  /** Field problems for `invalid_payload`. */
  issues?: ErrorIssue[];
  /** Seconds to wait, for `rate_limited`. */
  retryAfter?: number;
};

/** The body of every HTTP error, as a schema (for the OpenAPI description). */
export const errorBodySchema = z
  .object({
    error: z.object({
      code: z.enum(Object.values(ErrorCode) as [ErrorCode, ...ErrorCode[]]),
      message: z.string(),
      issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
      retryAfter: z.number().int().optional(),
    }),
  })
  .meta({ id: "Error" });

/** Every command's acknowledgement. */
export type Ack<T> = { ok: true; data: T } | { ok: false; error: ProtocolError };

const SERVICE_ERROR = Symbol.for("buddylist.ServiceError");

/** A failure a service reports on purpose; its code and message are safe to show. */
export class ServiceError extends Error {
  readonly [SERVICE_ERROR] = true;

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: { issues?: ErrorIssue[]; retryAfter?: number } = {},
  ) {
    super(message);
  }

  toProtocol(): ProtocolError {
    return { code: this.code, message: this.message, ...this.details };
  }
}

/**
 * Whether an error is a ServiceError. Checked by brand, not `instanceof`: Next.js' route
 * bundles hold their own copy of this class, while services built by server.ts throw theirs.
 */
export function isServiceError(error: unknown): error is ServiceError {
  return typeof error === "object" && error !== null && SERVICE_ERROR in error;
}

export const internalError: ProtocolError = { code: ErrorCode.internal, message: "Something went wrong on the server." };
