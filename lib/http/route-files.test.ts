// Reading route handlers from their files: the methods however they are exported, and the
// path each file serves.
import path from "node:path";
import { describe, expect, it } from "vitest";
import { exportedMethods, importedNames, listRouteFiles, routeServing } from "./route-files";

describe("reading route files", () => {
  it("finds methods however they are exported", () => {
    const source = [
      "export const dynamic = 'force-dynamic';",
      "export const GET = route(async () => requireCaller());",
      "export async function POST() {}",
      "export const { PUT, PATCH: DELETE } = handlers;",
      "export { head as HEAD, helper };",
    ].join("\n");
    const handlers = exportedMethods(source);
    expect(handlers.map(({ method }) => method)).toEqual(["GET", "POST", "PUT", "DELETE", "HEAD"]);
    expect(handlers.find(({ method }) => method === "GET")!.source).toBe("export const GET = route(async () => requireCaller());\n");
  });

  it("finds the values a file imports by name, renamed or not, and no types", () => {
    const source = [
      'import { NextResponse } from "next/server";',
      'import { readJson, route } from "@/lib/http/route";',
      "import {\n  changePasswordSchema as passwords,\n  type Done,\n} from '@/lib/protocol/account';",
      'import type { Other } from "@/lib/other";',
    ].join("\n");
    expect(importedNames(source)).toEqual({
      NextResponse: { module: "next/server", name: "NextResponse" },
      readJson: { module: "@/lib/http/route", name: "readJson" },
      route: { module: "@/lib/http/route", name: "route" },
      passwords: { module: "@/lib/protocol/account", name: "changePasswordSchema" },
    });
  });

  it("finds every route file, each with at least one method", () => {
    const routes = listRouteFiles(path.resolve(import.meta.dirname, "../.."));
    expect(routes.map((route) => route.path)).toEqual(expect.arrayContaining(["/api/presence/{username}", "/api/auth"]));
    for (const route of routes) expect(route.handlers, route.file).not.toHaveLength(0);
  });

  it("finds the file serving a path: an exact one before a catch-all", () => {
    const route = (path: string, catchAll = false) => ({ file: `app${path}/route.ts`, path, catchAll, handlers: [], imports: {} });
    const routes = [route("/api/auth", true), route("/api/auth/extra"), route("/api/presence/{username}")];
    expect(routeServing(routes, "/api/auth/csrf")?.path).toBe("/api/auth");
    expect(routeServing(routes, "/api/auth/extra")?.catchAll).toBe(false);
    expect(routeServing(routes, "/api/auth")).toBeUndefined();
    expect(routeServing(routes, "/api/presence/{name}")).toBeUndefined();
  });
});
