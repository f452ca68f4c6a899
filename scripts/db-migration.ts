// `npm run db:migration -- <name>`: after a change to prisma/schema.prisma, writes the next
// migration folder for SQLite and PostgreSQL (the latter needs a PostgreSQL server for a
// temporary shadow database: SHADOW_DATABASE_URL, default postgres@127.0.0.1:5432).
import { execFileSync } from "node:child_process";
import path from "node:path";
import { assertMigrationName, authorMigration } from "../lib/db/migrate";

const name = process.argv[2];
if (!name || process.argv.length > 3) {
  console.error("Usage: npm run db:migration -- <name>   (lower-case letters, digits, underscores)");
  process.exit(1);
}

/** Runs scripts/prisma-generate.ts, quietly unless it fails. */
function regenerate(): void {
  try {
    execFileSync(process.execPath, ["--import", "tsx", path.join(import.meta.dirname, "prisma-generate.ts")], {
      stdio: "pipe",
    });
  } catch (error) {
    const output = (error as { stderr?: Buffer }).stderr?.toString() ?? "";
    throw new Error(`scripts/prisma-generate.ts failed:\n${output}`);
  }
}

try {
  assertMigrationName(name);
  // prisma/pg/schema.prisma is derived from prisma/schema.prisma; derive it again first so a
  // migration is never authored from a stale copy (this also regenerates both clients, as
  // `prisma migrate dev` would).
  regenerate();
  const written = await authorMigration(name);
  const folders = [written.sqlite, written.pg].filter((folder) => folder !== undefined);
  if (folders.length === 0) console.log("No schema changes");
  for (const folder of folders) console.log(`Wrote ${path.relative(process.cwd(), folder)}/migration.sql`);
  process.exit(0);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
