// The shape every REST handler shares: parse and bound the input, resolve who is asking,
// call a service, and map failures to the same error codes the socket acks use. Unexpected
// errors become a bare 500 that reveals nothing.
import { NextResponse } from "next/server";
import { z } from "zod";
import {
  ErrorCode,
  HTTP_STATUS,
  internalError,
  isServiceError,
  issuesOf,
  MAX_JSON_BODY_BYTES,
  type ProtocolError,
  ServiceError,
} from "@/lib/protocol";
import { getServices } from "@/lib/services";

export function errorResponse(error: ProtocolError, init?: ResponseInit): NextResponse {
  const headers = new Headers(init?.headers);
  if (error.retryAfter !== undefined) headers.set("Retry-After", String(error.retryAfter));
  return NextResponse.json({ error }, { ...init, status: HTTP_STATUS[error.code], headers });
}

/** Reads a JSON body of bounded size and validates it; throws ServiceError otherwise. */
export async function readJson<S extends z.ZodType>(request: Request, schema: S): Promise<z.infer<S>> {
  // A JSON API reads JSON only: a form (which other sites can post) is not a body here.
  if (!/^application\/json\b/i.test(request.headers.get("content-type") ?? "")) {
    throw new ServiceError(ErrorCode.unsupported_media_type, "Send JSON with Content-Type: application/json.");
  }
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > MAX_JSON_BODY_BYTES) throw new ServiceError(ErrorCode.payload_too_large, "The request body is too large.");
  const text = await request.text();
  if (Buffer.byteLength(text) > MAX_JSON_BODY_BYTES) {
    throw new ServiceError(ErrorCode.payload_too_large, "The request body is too large.");
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new ServiceError(ErrorCode.invalid_payload, "The request body is not valid JSON.");
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    throw new ServiceError(ErrorCode.invalid_payload, "The request is not valid.", { issues: issuesOf(parsed.error) });
  }
  return parsed.data;
}

/** Wraps a handler so ServiceErrors become their status and anything else a logged 500. */
export function route<Args extends unknown[]>(handler: (...args: Args) => Promise<Response>) {
  return async (...args: Args): Promise<Response> => {
    try {
      return await handler(...args);
    } catch (error) {
      if (isServiceError(error)) return errorResponse(error.toProtocol());
      if (error instanceof z.ZodError) {
        return errorResponse({ code: ErrorCode.invalid_payload, message: "The request is not valid.", issues: issuesOf(error) });
      }
      getServices().logger.error({ err: error }, "request failed");
      return errorResponse(internalError);
    }
  };
}
