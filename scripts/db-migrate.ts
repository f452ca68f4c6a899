// `npm run db:migrate`: applies the pending migrations to DATABASE_URL (default: the SQLite
// file in the data folder). The server does the same at start; this is for deployments that
// migrate as a separate step.
import { getEnv } from "../lib/env";
import { applyMigrations } from "../lib/db/migrate";

try {
  const applied = await applyMigrations(getEnv().DATABASE_URL, { log: (msg) => console.log(msg) });
  if (applied.length === 0) console.log("Database is up to date");
  // Exit explicitly: nothing should be left running, but a migration tool must never hang.
  process.exit(0);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
