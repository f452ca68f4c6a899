// The route handlers under app/api/ as their files declare them: each route file, the URL
// path template it serves and the HTTP methods it exports, with the source of each export.
// Read from the sources rather than imported, so a test can hold them against the OpenAPI
// description without starting Next.js.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

export const ROUTE_METHODS = ["GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"] as const;
export type RouteMethod = (typeof ROUTE_METHODS)[number];

export type RouteFile = {
  /** Relative to the project, e.g. app/api/presence/[username]/route.ts. */
  file: string;
  /** As OpenAPI writes it: /api/presence/{username}. A catch-all's is the prefix it serves below. */
  path: string;
  catchAll: boolean;
  /** Each exported method with the source from its export to the next (what it calls). */
  handlers: { method: RouteMethod; source: string }[];
  /** The values it imports by name: local name → module and exported name (what a handler parses with). */
  imports: Record<string, ImportedName>;
};

export type ImportedName = { module: string; name: string };

const ROUTE_FILE = /^route\.(ts|tsx|js|mjs)$/;
const METHOD = new Set<string>(ROUTE_METHODS);

/** `export const GET`, `export async function POST`, `export const { GET, POST } =`, `export { x as GET }`. */
const EXPORTS = [
  /^export\s+(?:async\s+)?function\s+(\w+)/gm,
  /^export\s+(?:const|let|var)\s+(\w+)/gm,
  /^export\s+(?:const|let|var)\s*\{([^}]*)\}\s*=/gm,
  /^export\s*\{([^}]*)\}/gm,
];

/** The names a list like `a, b: C, d as E` exports: a, C, E. */
function exportedNames(list: string): string[] {
  return list
    .split(",")
    .map((entry) => entry.split(/\s+as\s+|:/).pop()!.trim())
    .filter((name) => name.length > 0);
}

export function exportedMethods(source: string): RouteFile["handlers"] {
  const found: { method: RouteMethod; at: number }[] = [];
  const starts = new Set<number>();
  for (const pattern of EXPORTS) {
    for (const match of source.matchAll(pattern)) {
      starts.add(match.index);
      for (const name of exportedNames(match[1]!)) if (METHOD.has(name)) found.push({ method: name as RouteMethod, at: match.index });
    }
  }
  const ordered = [...starts].sort((a, b) => a - b);
  const end = (at: number) => ordered.find((start) => start > at) ?? source.length;
  return found.sort((a, b) => a.at - b.at).map(({ method, at }) => ({ method, source: source.slice(at, end(at)) }));
}

/** `import { a, b as c, type T } from "m"` → a and c from m (types are no values to compare). */
export function importedNames(source: string): Record<string, ImportedName> {
  const imports: Record<string, ImportedName> = {};
  for (const match of source.matchAll(/^import\s*\{([^}]*)\}\s*from\s*["']([^"']+)["']/gm)) {
    for (const entry of match[1]!.split(",").map((part) => part.trim())) {
      if (entry === "" || entry.startsWith("type ")) continue;
      const [name, local = name] = entry.split(/\s+as\s+/).map((part) => part.trim()) as [string, string?];
      imports[local] = { module: match[2]!, name };
    }
  }
  return imports;
}

/** app/api/a/(group)/[id]/route.ts → /api/a/{id}; [...rest] makes it a catch-all ([[...rest]] is read as one too). */
function pathOf(directory: string): { path: string; catchAll: boolean } {
  const segments: string[] = [];
  for (const segment of directory.split("/")) {
    if (/^\(.*\)$/.test(segment)) continue;
    if (/^\[{1,2}\.\.\./.test(segment)) return { path: `/${segments.join("/")}`, catchAll: true };
    segments.push(segment.replace(/^\[(.+)\]$/, "{$1}"));
  }
  return { path: `/${segments.join("/")}`, catchAll: false };
}

/** Every route file under `<root>/app/api`, sorted by path. */
export function listRouteFiles(root: string): RouteFile[] {
  const app = path.join(root, "app");
  const routes: RouteFile[] = [];
  const visit = (directory: string) => {
    for (const entry of readdirSync(directory, { withFileTypes: true })) {
      const full = path.join(directory, entry.name);
      // Folders starting with _ are private: Next.js does not route them.
      if (entry.isDirectory() && !entry.name.startsWith("_")) visit(full);
      else if (entry.isFile() && ROUTE_FILE.test(entry.name)) {
        const relative = path.relative(app, directory).split(path.sep).join("/");
        const source = readFileSync(full, "utf8");
        routes.push({
          file: path.relative(root, full).split(path.sep).join("/"),
          ...pathOf(relative),
          handlers: exportedMethods(source),
          imports: importedNames(source),
        });
      }
    }
  };
  visit(path.join(app, "api"));
  return routes.sort((a, b) => a.path.localeCompare(b.path));
}

/** The route file that serves a path: an exact one before a catch-all, the longest catch-all first. */
export function routeServing(routes: readonly RouteFile[], template: string): RouteFile | undefined {
  return (
    routes.find((route) => !route.catchAll && route.path === template) ??
    routes
      .filter((route) => route.catchAll && template.startsWith(`${route.path}/`))
      .sort((a, b) => b.path.length - a.path.length)[0]
  );
}
