// The OpenAPI 3.1 description of buddylist's HTTP API, generated (by zod-openapi) from the
// same zod schemas the route handlers validate with and answer in.
import { z } from "zod";
import { createDocument } from "zod-openapi";
import { signInSchema, signUpSchema } from "@/lib/accounts/schemas";
import { PIDF_MEDIA_TYPE } from "@/lib/presence/formats/pidf";
import { WATCHERINFO_MEDIA_TYPE } from "@/lib/presence/formats/watcherinfo";
import { errorBodySchema, PROTOCOL_VERSION, presenceViewSchema, usernameRefSchema, watcherInformationSchema } from "@/lib/protocol";

const error = (description: string) => ({ description, content: { "application/json": { schema: errorBodySchema } } });
const notAcceptable = {
  description: "The Accept header is malformed or asks for a type that is not offered.",
  content: {
    "application/json": {
      schema: z.object({ error: z.object({ code: z.literal("not_acceptable"), message: z.string(), offered: z.array(z.string()) }) }),
    },
  },
};
const etagHeaders = {
  ETag: { description: "Changes when the representation changes.", schema: { type: "string" as const } },
};
const signedIn: Record<string, string[]>[] = [{ session: [] }, { accessToken: [] }];

export function openApiDocument() {
  return createDocument({
    openapi: "3.1.0",
    info: {
      title: "buddylist",
      version: String(PROTOCOL_VERSION),
      description:
        "Presence and instant messaging after RFC 2778. Live presence, subscriptions and messages use the " +
        "socket.io protocol documented in docs/protocol.md; these HTTP endpoints serve accounts, fetchers and pollers.",
    },
    components: {
      securitySchemes: {
        session: { type: "apiKey", in: "cookie", name: "authjs.session-token", description: "The browser session." },
        accessToken: {
          type: "http",
          scheme: "bearer",
          description:
            "A personal access token (blt_…), created in settings. The endpoints here need its `presence:read` scope; " +
            "a token without it gets 403 `insufficient_scope`.",
        },
      },
    },
    paths: {
      "/api/accounts": {
        post: {
          summary: "Create an account",
          requestBody: { content: { "application/json": { schema: signUpSchema } } },
          responses: {
            "201": {
              description: "Created.",
              content: { "application/json": { schema: z.object({ user: z.object({ id: z.string(), username: z.string() }) }) } },
            },
            "409": error("The username is taken."),
            "413": error("The body is too large."),
            "422": error("The username or password breaks a rule; see `issues`."),
            "429": {
              ...error("Too many sign-ups from this address (SIGNUPS_PER_ADDRESS_PER_HOUR)."),
              headers: { "Retry-After": { description: "Seconds to wait.", schema: { type: "integer" as const } } },
            },
          },
        },
      },
      "/api/auth/csrf": {
        get: {
          summary: "A CSRF token for signing in and out (Auth.js)",
          responses: {
            "200": { description: "The token; its cookie is set too.", content: { "application/json": { schema: z.object({ csrfToken: z.string() }) } } },
          },
        },
      },
      "/api/auth/callback/credentials": {
        post: {
          summary: "Sign in (Auth.js credentials)",
          requestBody: {
            content: { "application/x-www-form-urlencoded": { schema: signInSchema.extend({ csrfToken: z.string() }) } },
          },
          responses: {
            "302": {
              description:
                "Signed in (the session cookie is set), or refused: then the Location carries `error=CredentialsSignin` and " +
                "`code=invalid_credentials` or `code=retry_after_<seconds>`.",
            },
          },
        },
      },
      "/api/auth/signout": {
        post: {
          summary: "Sign out: the session ends everywhere",
          requestBody: { content: { "application/x-www-form-urlencoded": { schema: z.object({ csrfToken: z.string() }) } } },
          responses: { "302": { description: "Signed out." } },
        },
      },
      "/api/presence/{username}": {
        get: {
          summary: "Poll a presentity's presence, as the caller may see it",
          security: signedIn,
          requestParams: { path: z.object({ username: usernameRefSchema }) },
          responses: {
            "200": {
              description: "The presence (JSON by default, PIDF with Accept: application/pidf+xml).",
              headers: etagHeaders,
              content: {
                "application/json": { schema: presenceViewSchema },
                [PIDF_MEDIA_TYPE]: { schema: z.string().meta({ description: "An RFC 3863 PIDF document with RPID." }) },
              },
            },
            "304": { description: "Unchanged since the ETag in If-None-Match." },
            "401": error("No session and no valid access token."),
            "403": error("`insufficient_scope`: the access token does not have the `presence:read` scope."),
            "404": error("No such account — or one whose rules block the caller; the two are indistinguishable."),
            "406": notAcceptable,
            "429": {
              ...error("Too many polls."),
              headers: { "Retry-After": { description: "Seconds to wait.", schema: { type: "integer" as const } } },
            },
          },
        },
      },
      "/api/watchers": {
        get: {
          summary: "The caller's own watcher information",
          security: signedIn,
          responses: {
            "200": {
              description: "Who watched the caller (JSON by default, RFC 3858 with Accept: application/watcherinfo+xml).",
              headers: etagHeaders,
              content: {
                "application/json": { schema: watcherInformationSchema },
                [WATCHERINFO_MEDIA_TYPE]: { schema: z.string().meta({ description: "An RFC 3858 watcherinfo document." }) },
              },
            },
            "304": { description: "Unchanged since the ETag in If-None-Match." },
            "401": error("No session and no valid access token."),
            "403": error("`insufficient_scope`: the access token does not have the `presence:read` scope."),
            "406": notAcceptable,
          },
        },
      },
      "/api/health": {
        get: {
          summary: "Liveness and readiness",
          responses: {
            "200": {
              description: "Ready.",
              content: {
                "application/json": {
                  schema: z.object({
                    status: z.enum(["ok", "unavailable"]),
                    checks: z.record(z.string(), z.enum(["ok", "failing"])),
                    uptimeSeconds: z.number(),
                  }),
                },
              },
            },
            "503": { description: "A dependency (database, Redis) is unreachable." },
          },
        },
      },
      "/api/openapi.json": {
        get: { summary: "This description", responses: { "200": { description: "OpenAPI 3.1 JSON." } } },
      },
    },
  });
}
