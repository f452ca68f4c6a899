// The OpenAPI description as served: the built document is the one the sources generate,
// what the routes answer fits it, and /developers shows every section. (That it covers every
// route file and is valid OpenAPI 3.1 is checked in lib/http/openapi.test.ts.)
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { z } from "zod";
import { openApiDocument } from "@/lib/http/openapi";
import { OPERATION_GROUPS } from "@/lib/http/operations";
import { newUser, removeDataDir, startServer, type TestServer } from "./harness";

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  expect(await server.stop()).toBe(0);
  await removeDataDir(server.dataDir);
});

type Document = { openapi: string; paths: Record<string, Record<string, { responses: Record<string, unknown> }>> };

describe("OpenAPI", () => {
  it("is served at /api/openapi.json as the sources generate it", async () => {
    const response = await fetch(`${server.url}/api/openapi.json`);
    expect(response.status).toBe(200);
    const document = (await response.json()) as Document;
    expect(document.openapi).toBe("3.1.0");
    expect(document).toEqual(JSON.parse(JSON.stringify(openApiDocument())));
    // The sign-up rule in the description is the one the route enforces.
    expect(JSON.stringify(document.paths["/api/accounts"]!.post)).toContain("^[a-z0-9_.-]{3,32}$");
  });

  // The first account of an instance is its administrator, so it may call every GET.
  it("every GET without path parameters answers as described, with credentials and without", async () => {
    const { cookie } = await newUser(server, "admin");
    const document = openApiDocument() as unknown as Document;
    const gets = OPERATION_GROUPS.flatMap(({ operations }) => operations).filter(
      (operation) => operation.method === "get" && !operation.path.includes("{"),
    );
    expect(gets.map(({ id }) => id)).toEqual(expect.arrayContaining(["listSessions", "exportAccount", "listAccounts", "getAuditLog"]));
    for (const operation of gets) {
      const described = Object.keys(document.paths[operation.path]!.get!.responses);
      // Redirects are answers here (Auth.js' sign-in page is one), not something to follow.
      const anonymous = await fetch(`${server.url}${operation.path}`, { redirect: "manual" });
      await anonymous.body?.cancel();
      expect(described, `${operation.id} without credentials`).toContain(String(anonymous.status));

      const response = await fetch(`${server.url}${operation.path}`, { headers: { cookie }, redirect: "manual" });
      const success = Object.keys(operation.responses).sort()[0]!;
      expect(String(response.status), operation.id).toBe(success);
      if (success !== "200") {
        await response.body?.cancel();
        continue;
      }
      const ok = operation.responses["200"] as { content?: Record<string, { schema?: z.ZodType }> };
      const schema = ok.content?.["application/json"]?.schema;
      const body = (await response.json()) as unknown;
      // Parsing drops fields a schema does not name: equal means nothing undescribed was sent.
      if (schema) expect(schema.parse(body), operation.id).toEqual(body);
    }
  });

  it("has a readable page for people, with every section", async () => {
    const response = await fetch(`${server.url}/developers`);
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain("/api/openapi.json");
    for (const { tag, operations } of OPERATION_GROUPS) {
      expect(html).toContain(tag.name);
      for (const operation of operations) expect(html).toContain(operation.path);
    }
  });
});
