// `npm run admin -- backup <file>` and `restore <file> [--force]` (see lib/db/backup.ts). They
// work on the database DATABASE_URL / DATA_DIR names, like the server; on PostgreSQL they say
// how to do the same with its own tools.
import { mkdirSync } from "node:fs";
import path from "node:path";
import { BackupError, backupSqlite, inspectDatabase, restoreSqlite } from "../lib/db/backup";
import { applyMigrations, knownMigrations } from "../lib/db/migrate";
import { databaseProvider, getEnv, sqliteFilePath } from "../lib/env";

const POSTGRES_BACKUP = `DATABASE_URL is PostgreSQL: back it up with its own tools, while the server runs:
  pg_dump --format=custom --file=buddylist.dump "$DATABASE_URL"
and restore into an empty database (then start the server: it applies pending migrations):
  pg_restore --no-owner --dbname="$DATABASE_URL" buddylist.dump
See docs/operations.md.`;

/** What else lives in the data folder and is not in the database file. */
function besideTheDatabase(dataDir: string, s3: boolean): string {
  const files = [
    s3 ? null : `${path.join(dataDir, "attachments")}/ (attachment files)`,
    `${path.join(dataDir, "auth-secret")} (without it, everyone signs in again)`,
    `${path.join(dataDir, "vapid-keys.json")} (without it, push subscriptions must be renewed)`,
  ].filter(Boolean);
  return `Not in the database file; copy these too: ${files.join(", ")}.`;
}

export async function runBackupCommand(command: "backup" | "restore", file: string | undefined, options: { force: boolean }) {
  if (!file) throw new BackupError(`usage: npm run admin -- ${command} <file> [--force]`);
  const env = getEnv();
  if (databaseProvider(env.DATABASE_URL) !== "sqlite") throw new BackupError(POSTGRES_BACKUP);
  const database = path.resolve(sqliteFilePath(env.DATABASE_URL));
  const target = path.resolve(file);

  if (command === "backup") {
    const started = Date.now();
    const facts = await backupSqlite(database, target, options);
    console.log(
      `Backed up ${database} to ${target} in ${((Date.now() - started) / 1000).toFixed(1)} s: ` +
        `${facts.accounts} account(s), ${facts.messages} message(s), migration ${facts.migrations.at(-1) ?? "(none)"}; integrity ok.`,
    );
    console.log(besideTheDatabase(env.DATA_DIR, Boolean(env.S3_BUCKET)));
    return;
  }

  mkdirSync(path.dirname(database), { recursive: true });
  const { facts, pending } = restoreSqlite(target, database, { force: options.force, known: await knownMigrations("sqlite") });
  const applied = await applyMigrations(env.DATABASE_URL);
  const after = inspectDatabase(database);
  console.log(
    `Restored ${target} into ${database}: ${facts.accounts} account(s), ${facts.messages} message(s); ` +
      `${applied.length > 0 ? `applied ${applied.length} pending migration(s) (${pending.join(", ")})` : "no migration pending"}; integrity ok, at ${after.migrations.at(-1)}.`,
  );
  console.log(besideTheDatabase(env.DATA_DIR, Boolean(env.S3_BUCKET)));
}
