// The generated OpenAPI description is served, valid in shape, and matches what the routes do.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { removeDataDir, startServer, type TestServer } from "./harness";

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  expect(await server.stop()).toBe(0);
  await removeDataDir(server.dataDir);
});

describe("OpenAPI", () => {
  it("is served at /api/openapi.json as OpenAPI 3.1 with every HTTP endpoint", async () => {
    const response = await fetch(`${server.url}/api/openapi.json`);
    expect(response.status).toBe(200);
    const document = (await response.json()) as {
      openapi: string;
      paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
      components: { schemas: Record<string, unknown> };
    };
    expect(document.openapi).toBe("3.1.0");
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining(["/api/accounts", "/api/presence/{username}", "/api/watchers", "/api/health"]),
    );
    expect(Object.keys(document.paths["/api/presence/{username}"]!.get!.responses)).toEqual(
      expect.arrayContaining(["200", "304", "401", "404", "406", "429"]),
    );
    expect(document.components.schemas).toHaveProperty("PresenceView");
    // The sign-up rule in the description is the one the route enforces.
    const signUp = JSON.stringify(document.paths["/api/accounts"]!.post);
    expect(signUp).toContain("^[a-z0-9_.-]{3,32}$");
  });

  it("has a readable page for people", async () => {
    const response = await fetch(`${server.url}/developers`);
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain("/api/presence/{username}");
    expect(html).toContain("/api/openapi.json");
  });
});
