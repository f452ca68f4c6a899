// Runs at `npm install`: derives the PostgreSQL schema from prisma/schema.prisma and generates
// one Prisma client per provider into lib/db/generated/. Works offline: the CLI only wants the
// native schema engine to exist (generation itself is WebAssembly), so we point it at a file
// that exists instead of letting it try to download one.
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const sqliteSchema = path.join(root, "prisma/schema.prisma");
const pgSchema = path.join(root, "prisma/pg/schema.prisma");

/** The PostgreSQL schema is the SQLite one with another provider and output folder. */
export function derivePostgresSchema(source: string): string {
  const header =
    "// GENERATED from prisma/schema.prisma by scripts/prisma-generate.ts — edit that file instead.\n";
  return (
    header +
    source
      .replace(/provider\s*=\s*"sqlite"/, 'provider = "postgresql"')
      .replace('output       = "../lib/db/generated/sqlite"', 'output       = "../../lib/db/generated/pg"')
  );
}

function main() {
  const derived = derivePostgresSchema(readFileSync(sqliteSchema, "utf8"));
  writeFileSync(pgSchema, derived);
  const prismaCli = path.join(root, "node_modules/prisma/build/index.js");
  for (const config of ["prisma.config.ts", "prisma/pg/prisma.config.ts"]) {
    execFileSync(process.execPath, [prismaCli, "generate", "--config", config], {
      cwd: root,
      stdio: ["ignore", "inherit", "inherit"],
      env: { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: process.execPath, PRISMA_HIDE_UPDATE_MESSAGE: "1" },
    });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === import.meta.filename) main();
