// One HTTP operation as its route handler implements it: path and method, who may call it,
// what it reads and what it answers. `toOpenApi` adds the failures server.ts and the shared
// guards give by themselves (EDGE_REFUSALS; requireCaller, requireSessionUser, requireAdmin,
// readJson, readBodyText, route), so a description cannot forget them; `errors` holds only what
// the handler and its service add.
import type { z } from "zod";
import type { ZodOpenApiOperationObject, ZodOpenApiParameters, ZodOpenApiResponseObject, ZodOpenApiResponsesObject } from "zod-openapi";
import { EDGE_REFUSALS } from "@/lib/http/edge";
import { type ErrorCode, errorBodySchema, HTTP_STATUS, MAX_JSON_BODY_BYTES } from "@/lib/protocol";

export type HttpMethod = "get" | "put" | "post" | "delete" | "patch";

/**
 * Who may call: anyone; the browser session only (requireSessionUser — account settings are
 * never a token's to change); the session or a personal access token (requireCaller — pollers
 * and bots); an administrator's session (requireAdmin).
 */
export type Authentication = "none" | "session" | "session-or-token" | "administrator";

export type Operation = {
  /** The operationId: what a generated client names the call. */
  id: string;
  method: HttpMethod;
  /** app/api/presence/[username]/route.ts serves /api/presence/{username}. */
  path: `/api/${string}`;
  summary: string;
  description?: string;
  auth: Authentication;
  /** Path and query parameters, with the schemas the handler parses them with. */
  params?: ZodOpenApiParameters;
  /** A JSON body, read with readJson (which refuses others with 413, 415 and 422). */
  body?: z.ZodType;
  /** A form body (Auth.js reads forms, not JSON). */
  form?: z.ZodType;
  /** The answers when it works. */
  responses: ZodOpenApiResponsesObject;
  /** Why the handler or its service fails with each code, beyond what the guards give. */
  errors?: Partial<Record<ErrorCode, string>>;
  /** Not wrapped in route(), so an unexpected failure is not the JSON `internal` error. */
  bare?: true;
};

/** The operations of one tag, the unit /developers shows as a section. */
export type OperationGroup = { tag: { name: string; description: string }; operations: Operation[] };

// OpenAPI 3.1 lets a requirement of a non-OAuth scheme name roles: administrators are one.
const SECURITY: Record<Authentication, Record<string, string[]>[]> = {
  none: [],
  session: [{ session: [] }],
  "session-or-token": [{ session: [] }, { accessToken: [] }],
  administrator: [{ session: ["administrator"] }],
};

type Failure = { codes: Set<ErrorCode>; reasons: string[] };

/** Every reason an operation fails, per status: server.ts's refusals, its guards', then its own. */
function failuresOf(operation: Operation): Map<number, Failure> {
  const failures = new Map<number, Failure>();
  const add = (code: ErrorCode, reason: string, status = HTTP_STATUS[code]) => {
    const failure = failures.get(status) ?? { codes: new Set(), reasons: [] };
    failure.codes.add(code);
    failure.reasons.push(reason);
    failures.set(status, failure);
  };
  for (const refusal of Object.values(EDGE_REFUSALS)) add(refusal.code, refusal.reason, refusal.status);
  if (operation.auth === "session-or-token") add("unauthorized", "No session and no valid access token.");
  if (operation.auth === "session") add("unauthorized", "Not signed in (an access token is not accepted here).");
  if (operation.auth === "administrator") {
    add("unauthorized", "Not signed in.");
    add("forbidden", "Not an administrator.");
  }
  // requireSessionUser refuses changes posted by another site's page with the visitor's cookie.
  if (operation.method !== "get" && (operation.auth === "session" || operation.auth === "administrator")) {
    add("forbidden", "Sent from another site's page.");
  }
  if (operation.body) add("unsupported_media_type", "The body is not JSON (Content-Type: application/json).");
  // readJson and readBodyText (forms) count the body while it arrives.
  if (operation.body || operation.form) add("payload_too_large", `The body is larger than ${MAX_JSON_BODY_BYTES / 1024} KiB.`);
  if (operation.body) add("invalid_payload", "The body is not valid; `issues` names the fields.");
  for (const [code, reason] of Object.entries(operation.errors ?? {}) as [ErrorCode, string][]) add(code, reason);
  if (!operation.bare) add("internal", "The server failed; nothing about it is revealed.");
  return failures;
}

function errorResponse({ codes, reasons }: Failure): ZodOpenApiResponseObject {
  return {
    description: `${[...codes].map((code) => `\`${code}\``).join(" or ")}: ${reasons.join(" ")}`,
    content: { "application/json": { schema: errorBodySchema } },
    ...(codes.has("rate_limited")
      ? { headers: { "Retry-After": { description: "Seconds to wait.", schema: { type: "integer" as const } } } }
      : {}),
  };
}

export function toOpenApi(operation: Operation, tag: string): ZodOpenApiOperationObject {
  const responses: Record<string, ZodOpenApiResponseObject> = { ...(operation.responses as Record<string, ZodOpenApiResponseObject>) };
  for (const [status, failure] of failuresOf(operation)) responses[String(status)] = errorResponse(failure);
  const { body, form } = operation;
  return {
    operationId: operation.id,
    tags: [tag],
    summary: operation.summary,
    ...(operation.description ? { description: operation.description } : {}),
    security: SECURITY[operation.auth],
    ...(operation.params ? { requestParams: operation.params } : {}),
    ...(body ? { requestBody: { required: true, content: { "application/json": { schema: body } } } } : {}),
    ...(form ? { requestBody: { required: true, content: { "application/x-www-form-urlencoded": { schema: form } } } } : {}),
    responses: Object.fromEntries(Object.entries(responses).sort(([a], [b]) => a.localeCompare(b))) as ZodOpenApiResponsesObject,
  };
}
