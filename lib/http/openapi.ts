// The OpenAPI 3.1 description of buddylist's HTTP API, generated (by zod-openapi) from the
// operations in lib/http/operations/, which use the same zod schemas the route handlers
// validate with and answer in.
import { createDocument, type ZodOpenApiPathsObject } from "zod-openapi";
import { PROTOCOL_VERSION } from "@/lib/protocol";
import { OPERATION_GROUPS } from "./operations";
import { toOpenApi } from "./operations/operation";

function paths(): ZodOpenApiPathsObject {
  const described: ZodOpenApiPathsObject = {};
  for (const { tag, operations } of OPERATION_GROUPS) {
    for (const operation of operations) {
      described[operation.path] = { ...described[operation.path], [operation.method]: toOpenApi(operation, tag.name) };
    }
  }
  return described;
}

export function openApiDocument() {
  return createDocument({
    openapi: "3.1.0",
    info: {
      title: "buddylist",
      version: String(PROTOCOL_VERSION),
      description:
        "Presence and instant messaging after RFC 2778. Live presence, subscriptions and messages use the " +
        "socket.io protocol documented in docs/protocol.md; these HTTP endpoints serve accounts, fetchers and pollers, " +
        "account settings and the admin area.",
    },
    tags: OPERATION_GROUPS.map(({ tag }) => tag),
    components: {
      securitySchemes: {
        session: { type: "apiKey", in: "cookie", name: "authjs.session-token", description: "The browser session." },
        accessToken: { type: "http", scheme: "bearer", description: "A personal access token (blt_…), created in settings." },
      },
    },
    paths: paths(),
  });
}
