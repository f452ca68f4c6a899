// The OpenAPI description covers exactly the route handlers under app/api/ (read from their
// files), says which authentication and body each accepts as its handler does, with the very
// schemas it parses, lists what server.ts refuses before any route, and is valid OpenAPI 3.1
// by an outside validator.
import { readFileSync } from "node:fs";
import path from "node:path";
import { Validator } from "@seriousme/openapi-schema-validator";
import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { EDGE_REFUSALS } from "./edge";
import { openApiDocument } from "./openapi";
import { OPERATION_GROUPS } from "./operations";
import type { Authentication } from "./operations/operation";
import { listRouteFiles, type RouteFile, routeServing } from "./route-files";

const root = path.resolve(import.meta.dirname, "../..");
const routes = listRouteFiles(root);
const document = openApiDocument();
const operations = OPERATION_GROUPS.flatMap(({ operations }) => operations);

type DescribedOperation = {
  operationId: string;
  tags: string[];
  parameters?: { in: string; name: string }[];
  responses: Record<string, { description: string }>;
};
const described = Object.entries(document.paths ?? {}).flatMap(([template, item]) =>
  Object.entries(item as Record<string, DescribedOperation>).map(([method, operation]) => ({ template, method, operation })),
);

/** The guard a handler calls decides who may call it (lib/http/caller.ts). */
function authenticationOf(source: string): Authentication {
  if (/\brequireAdmin\(/.test(source)) return "administrator";
  if (/\brequireSessionUser\(/.test(source)) return "session";
  if (/\brequireCaller\(/.test(source)) return "session-or-token";
  return "none";
}

describe("the OpenAPI description", () => {
  it("describes every method of every route file", () => {
    const missing = routes.flatMap((route) =>
      route.handlers
        .filter(({ method }) => method !== "HEAD" && method !== "OPTIONS")
        .filter(({ method }) => !described.some((entry) => entry.method === method.toLowerCase() && routeServing([route], entry.template)))
        .map(({ method }) => `${method} ${route.path}${route.catchAll ? "/…" : ""} (${route.file})`),
    );
    expect(missing, "route handlers missing from lib/http/operations/").toEqual([]);
  });

  it("describes nothing that no route file serves", () => {
    const serves = (template: string, method: string) =>
      routeServing(routes, template)?.handlers.some((handler) => handler.method.toLowerCase() === method) ?? false;
    const unserved = described
      .filter(({ template, method }) => !serves(template, method))
      .map(({ template, method }) => `${method.toUpperCase()} ${template}`);
    expect(unserved, "described operations without a route handler").toEqual([]);
  });

  it("names each operation once, in a declared tag", () => {
    const ids = described.map(({ operation }) => operation.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    const tags = new Set(document.tags?.map(({ name }) => name));
    for (const { operation } of described) expect(tags.has(operation.tags[0]!), operation.operationId).toBe(true);
  });

  it("has the path parameters its templates name", () => {
    for (const { template, operation } of described) {
      const named = [...template.matchAll(/\{(\w+)\}/g)].map((match) => match[1]);
      const parameters = (operation.parameters ?? []).filter((parameter) => parameter.in === "path").map(({ name }) => name);
      expect(parameters, operation.operationId).toEqual(named);
    }
  });

  // What a handler calls is read from its source: requireAdmin/requireSessionUser/requireCaller,
  // readJson, route(). A description that disagrees would list the wrong failures.
  it("says who may call, whether a JSON body is read and whether route() answers failures, as each handler does", () => {
    const mismatches = operations.flatMap((operation) => {
      const handler = routeServing(routes, operation.path)?.handlers.find(({ method }) => method.toLowerCase() === operation.method);
      if (!handler) return [];
      const actual = {
        auth: authenticationOf(handler.source),
        body: /\breadJson\(/.test(handler.source),
        bare: !/\broute\(/.test(handler.source),
      };
      const stated = { auth: operation.auth, body: operation.body !== undefined, bare: operation.bare === true };
      return JSON.stringify(actual) === JSON.stringify(stated) ? [] : [{ operation: operation.id, stated, actual }];
    });
    expect(mismatches).toEqual([]);
  });

  it("lists on every operation what server.ts refuses before any route: a broken path (400), a body over 64 KiB (413)", () => {
    for (const { operation } of described) {
      for (const refusal of Object.values(EDGE_REFUSALS)) {
        const description = operation.responses[String(refusal.status)]?.description;
        expect(description, `${operation.operationId} ${refusal.status}`).toContain(`\`${refusal.code}\``);
        expect(description, `${operation.operationId} ${refusal.status}`).toContain(refusal.reason);
      }
    }
  });

  it("knows every refusal server.ts gives before any route (the others are for pages only)", () => {
    const server = readFileSync(path.join(root, "server.ts"), "utf8");
    const refusals = [...server.matchAll(/\brefuse\(req, res, ([^)]*)\)/g)].map((match) => match[1]!);
    expect(refusals.filter((refusal) => refusal.startsWith("EDGE_REFUSALS."))).toEqual(
      Object.keys(EDGE_REFUSALS).map((name) => `EDGE_REFUSALS.${name}`),
    );
    // 411 answers a page's undeclared body (undeclaredPageBody): never an API path.
    expect(refusals.filter((refusal) => !refusal.startsWith("EDGE_REFUSALS."))).toEqual([expect.stringContaining("status: 411")]);
  });

  // Read from the handler's source (readJson(request, X); X.parse((await context.params).name);
  // X.parse({ …searchParams… })) and followed through its imports to the value itself: the
  // description must use that object, not a look-alike.
  it("describes each body and parameter with the very schema its handler parses it with", async () => {
    const valueOf = async (route: RouteFile, local: string): Promise<unknown> => {
      const imported = route.imports[local];
      if (!imported) return `${local}, which ${route.file} does not import by name`;
      return ((await import(imported.module)) as Record<string, unknown>)[imported.name];
    };
    const mismatches: string[] = [];
    let bodies = 0;
    for (const operation of operations) {
      const route = routeServing(routes, operation.path);
      const handler = route?.handlers.find(({ method }) => method.toLowerCase() === operation.method);
      if (!route || !handler) continue;
      const { source } = handler;

      const body = /\breadJson\(\s*\w+\s*,\s*(\w+)\s*\)/.exec(source)?.[1];
      const parsedBody = body === undefined ? undefined : await valueOf(route, body);
      if (parsedBody !== operation.body) mismatches.push(`${operation.id}: body`);
      else if (parsedBody !== undefined) bodies += 1;

      const described = ((operation.params?.path as z.ZodObject | undefined)?.shape ?? {}) as Record<string, unknown>;
      const parsed: Record<string, unknown> = {};
      for (const [, schema, name] of source.matchAll(/(\w+)\.(?:safeParse|parse)\(\(await context\.params\)\.(\w+)\)/g)) {
        parsed[name!] = await valueOf(route, schema!);
      }
      for (const name of new Set([...Object.keys(described), ...Object.keys(parsed)])) {
        if (described[name] !== parsed[name]) mismatches.push(`${operation.id}: path parameter ${name}`);
      }

      const query = /(\w+)\.(?:safeParse|parse)\(\{[^}]*\bsearchParams\b/.exec(source)?.[1];
      if ((query === undefined ? undefined : await valueOf(route, query)) !== operation.params?.query) {
        mismatches.push(`${operation.id}: query`);
      }
    }
    expect(mismatches).toEqual([]);
    expect(bodies).toBe(operations.filter((operation) => operation.body).length);
  });

  // As a client receives it: JSON.
  const json = () => JSON.parse(JSON.stringify(document)) as Record<string, unknown>;

  it("is valid OpenAPI 3.1 (@seriousme/openapi-schema-validator)", async () => {
    const validator = new Validator();
    const result = await validator.validate(json());
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe("3.1");
  });

  it("would be refused by the validator if broken (the check is not vacuous)", async () => {
    const broken = json();
    (broken.paths as Record<string, Record<string, { responses: unknown }>>)["/api/health"]!.get!.responses = "none";
    expect((await new Validator().validate(broken)).valid).toBe(false);
  });
});
