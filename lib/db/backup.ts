// Online backup and restore of the SQLite database (`npm run admin -- backup|restore`).
//
// Backup uses SQLite's online backup API through better-sqlite3 while the server keeps
// running: the copy is taken within one read transaction, so it holds exactly the transactions
// committed when it started (in WAL mode the server's writes go on meanwhile). Every message
// the server acknowledged before then is in it: the server acknowledges a send after its commit.
//
// Restore puts a checked backup in place of a database no process has open, then the caller
// runs the pending migrations. The full-text index is a file of its own (search-indexer.ts),
// not in the backup: restore deletes the target's, and the server builds it again from the
// messages when it starts. PostgreSQL has its own tools (pg_dump, docs/operations.md).
import { randomBytes } from "node:crypto";
import { copyFileSync, existsSync, renameSync, rmSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { searchIndexFile } from "./search-indexer";

/** Tables every buddylist database has, whatever its migration level. */
const BUDDYLIST_TABLES = ["_prisma_migrations", "User", "Message"];

export class BackupError extends Error {}

export type DatabaseFacts = {
  /** Migrations applied (finished, not rolled back), oldest first. */
  migrations: string[];
  messages: number;
  accounts: number;
};

/** Opens a file that must already be an SQLite database (never creates one). */
function open(file: string, readonly: boolean): Database.Database {
  if (!existsSync(file)) throw new BackupError(`${file} does not exist.`);
  try {
    const db = new Database(file, { readonly, fileMustExist: true });
    db.pragma("busy_timeout = 5000");
    return db;
  } catch (error) {
    throw new BackupError(`${file} is not an SQLite database (${error instanceof Error ? error.message : String(error)}).`);
  }
}

/** Checks a database file whole (PRAGMA integrity_check) and says what it holds; throws BackupError otherwise. */
export function inspectDatabase(file: string): DatabaseFacts {
  const db = open(file, true);
  try {
    let integrity: string[];
    try {
      integrity = (db.pragma("integrity_check") as { integrity_check: string }[]).map((row) => row.integrity_check);
    } catch (error) {
      throw new BackupError(`${file} is not a readable SQLite database (${error instanceof Error ? error.message : String(error)}).`);
    }
    if (integrity.length !== 1 || integrity[0] !== "ok") {
      throw new BackupError(`${file} is damaged: ${integrity.slice(0, 5).join("; ")}`);
    }
    const tables = new Set(
      (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((row) => row.name),
    );
    const missing = BUDDYLIST_TABLES.filter((table) => !tables.has(table));
    if (missing.length > 0) throw new BackupError(`${file} is not a buddylist database (no ${missing.join(", ")} table).`);
    const migrations = (
      db
        .prepare(
          "SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY migration_name",
        )
        .all() as { migration_name: string }[]
    ).map((row) => row.migration_name);
    const count = (table: string) => (db.prepare(`SELECT COUNT(*) AS n FROM "${table}"`).get() as { n: number }).n;
    return { migrations, messages: count("Message"), accounts: count("User") };
  } finally {
    db.close();
  }
}

/**
 * The migrations a restore would run, or a BackupError when the backup was made by a newer
 * buddylist (it has migrations this version does not know: it could not read it correctly).
 */
export function pendingAfterRestore(backup: string[], known: string[]): string[] {
  const unknown = backup.filter((name) => !known.includes(name));
  if (unknown.length > 0) {
    throw new BackupError(
      `The backup was made by a newer buddylist: it has migration(s) this version does not know (${unknown.join(", ")}). Restore it with that version or later.`,
    );
  }
  return known.filter((name) => !backup.includes(name));
}

/** A temporary name beside `file`, so the final rename stays on one file system. */
function besides(file: string, purpose: string): string {
  return path.join(path.dirname(file), `.${path.basename(file)}.${purpose}-${randomBytes(4).toString("hex")}`);
}

function removeDatabaseFiles(file: string): void {
  for (const suffix of ["", "-wal", "-shm", "-journal"]) rmSync(file + suffix, { force: true });
}

/**
 * Copies the live database at `source` to `destination` while other processes use it, checks
 * the copy and returns what it holds. The copy appears at `destination` only once whole.
 */
export async function backupSqlite(source: string, destination: string, options: { force?: boolean } = {}): Promise<DatabaseFacts> {
  if (path.resolve(source) === path.resolve(destination)) throw new BackupError("The backup cannot replace the database itself.");
  if (existsSync(destination) && !options.force) throw new BackupError(`${destination} exists: choose another file, or add --force to replace it.`);
  const partial = besides(destination, "partial");
  const db = open(source, false);
  try {
    // The first step copies 100 pages; the rest goes in one step, within one read transaction,
    // so the server's writes meanwhile cannot restart it.
    await db.backup(partial, { progress: () => 2 ** 30 });
    // The copy inherits WAL mode from the pages it copied: make it one self-contained file.
    const copy = new Database(partial, { fileMustExist: true });
    try {
      copy.pragma("journal_mode = DELETE");
    } finally {
      copy.close();
    }
  } catch (error) {
    removeDatabaseFiles(partial);
    throw error;
  } finally {
    db.close();
  }
  try {
    const facts = inspectDatabase(partial);
    removeDatabaseFiles(destination);
    renameSync(partial, destination);
    return facts;
  } finally {
    removeDatabaseFiles(partial);
  }
}

/**
 * Whether another process has the database open (a server): switching it out of WAL needs
 * every other connection gone. When nobody has it, it is switched back, so nothing changes.
 */
export function databaseInUse(file: string): boolean {
  if (!existsSync(file)) return false;
  const db = new Database(file, { fileMustExist: true });
  try {
    db.pragma("busy_timeout = 0");
    const mode = db.pragma("journal_mode", { simple: true }) as string;
    if (mode !== "wal") return false;
    try {
      db.pragma("journal_mode = DELETE");
    } catch (error) {
      if ((error as { code?: string }).code?.startsWith("SQLITE_BUSY")) return true;
      throw error;
    }
    db.pragma("journal_mode = WAL");
    return false;
  } finally {
    db.close();
  }
}

/**
 * Puts the backup in place of the database at `target` (a data folder no server runs on).
 * Refuses a target in use, or an existing one without `force`; checks the backup first. The
 * caller then applies the pending migrations.
 */
export function restoreSqlite(backup: string, target: string, options: { force?: boolean; known: string[] }): {
  facts: DatabaseFacts;
  pending: string[];
} {
  const facts = inspectDatabase(backup);
  const pending = pendingAfterRestore(facts.migrations, options.known);
  if (existsSync(target)) {
    if (databaseInUse(target)) {
      throw new BackupError(`${target} is in use (a server runs on it?): stop it first, or restore into another data folder.`);
    }
    if (!options.force) throw new BackupError(`${target} exists: add --force to replace it with the backup.`);
  }
  const incoming = besides(target, "restoring");
  try {
    copyFileSync(backup, incoming);
    removeDatabaseFiles(target);
    removeDatabaseFiles(searchIndexFile(target));
    renameSync(incoming, target);
  } finally {
    removeDatabaseFiles(incoming);
  }
  return { facts, pending };
}
