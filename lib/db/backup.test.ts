// Backup and restore on SQLite files: a consistent copy while another connection writes, and
// the restore's refusals (damaged or foreign files, newer migrations, a database in use, an
// existing one without --force).
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { BackupError, backupSqlite, databaseInUse, inspectDatabase, pendingAfterRestore, restoreSqlite } from "./backup";
import { searchIndexFile } from "./search-indexer";

const dir = path.resolve(import.meta.dirname, "../../.tmp", `backup-test-${randomBytes(4).toString("hex")}`);
mkdirSync(dir, { recursive: true });
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let counter = 0;
const file = (name: string) => path.join(dir, `${++counter}-${name}`);

/** A database with the tables that make it a buddylist one, in WAL mode as the server keeps it. */
function buddylistDb(at: string, migrations = ["20260101000000_init", "20260102000000_more"]) {
  const db = new Database(at);
  db.pragma("journal_mode = WAL");
  db.exec(`
    CREATE TABLE _prisma_migrations (id TEXT PRIMARY KEY, migration_name TEXT NOT NULL, finished_at DATETIME, rolled_back_at DATETIME);
    CREATE TABLE "User" (id TEXT PRIMARY KEY);
    CREATE TABLE "Message" (seq INTEGER PRIMARY KEY AUTOINCREMENT, body TEXT NOT NULL);
  `);
  const record = db.prepare("INSERT INTO _prisma_migrations (id, migration_name, finished_at) VALUES (?, ?, CURRENT_TIMESTAMP)");
  for (const name of migrations) record.run(randomBytes(4).toString("hex"), name);
  db.prepare(`INSERT INTO "User" (id) VALUES ('u1')`).run();
  return db;
}

describe("backupSqlite", () => {
  it("copies every committed row while another connection keeps writing, into one checked file", async () => {
    const source = file("live.db");
    const writer = buddylistDb(source);
    const insert = writer.prepare(`INSERT INTO "Message" (body) VALUES (?)`);
    for (let i = 0; i < 5_000; i++) insert.run(`before ${i} ${"x".repeat(200)}`);
    // The server goes on writing while the backup runs (between its steps).
    let writing = true;
    let after = 0;
    const keepWriting = (async () => {
      while (writing) {
        insert.run(`during ${after++}`);
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();
    const destination = file("copy.db");
    const facts = await backupSqlite(source, destination);
    writing = false;
    await keepWriting;
    writer.close();

    expect(facts.messages).toBeGreaterThanOrEqual(5_000);
    expect(facts.accounts).toBe(1);
    expect(facts.migrations).toEqual(["20260101000000_init", "20260102000000_more"]);
    const copy = new Database(destination, { readonly: true });
    const bodies = copy.prepare(`SELECT body FROM "Message" WHERE body LIKE 'before %'`).all();
    expect(bodies).toHaveLength(5_000);
    expect(copy.pragma("journal_mode", { simple: true })).toBe("delete");
    copy.close();
    expect(existsSync(`${destination}-wal`)).toBe(false);
  });

  it("refuses to replace an existing file without force, and the database itself", async () => {
    const source = file("db.db");
    buddylistDb(source).close();
    const destination = file("exists.db");
    writeFileSync(destination, "keep me");
    await expect(backupSqlite(source, destination)).rejects.toThrow(/exists.*--force/);
    await expect(backupSqlite(source, source, { force: true })).rejects.toThrow(BackupError);
    expect((await backupSqlite(source, destination, { force: true })).accounts).toBe(1);
  });
});

describe("inspectDatabase", () => {
  it("refuses what is not a buddylist database", () => {
    const garbage = file("garbage.db");
    writeFileSync(garbage, randomBytes(8192));
    expect(() => inspectDatabase(garbage)).toThrow(BackupError);
    const other = file("other.db");
    new Database(other).exec("CREATE TABLE notes (x)");
    expect(() => inspectDatabase(other)).toThrow(/not a buddylist database/);
    expect(() => inspectDatabase(file("missing.db"))).toThrow(/does not exist/);
  });

  it("refuses a damaged file", () => {
    const damaged = file("damaged.db");
    const db = buddylistDb(damaged);
    db.pragma("journal_mode = DELETE");
    const insert = db.prepare(`INSERT INTO "Message" (body) VALUES (?)`);
    db.transaction(() => {
      for (let i = 0; i < 2000; i++) insert.run("y".repeat(300));
    })();
    db.close();
    // Overwrite pages in the middle of the file (not the header): a b-tree page no longer parses.
    const fd = new Database(damaged);
    const pages = fd.pragma("page_count", { simple: true }) as number;
    fd.close();
    const bytes = readFileSync(damaged);
    randomBytes(4096 * 4).copy(bytes, 4096 * Math.floor(pages / 2));
    writeFileSync(damaged, bytes);
    expect(() => inspectDatabase(damaged)).toThrow(BackupError);
  });
});

describe("pendingAfterRestore", () => {
  const known = ["1_init", "2_more", "3_latest"];
  it("lists the migrations the backup lacks", () => {
    expect(pendingAfterRestore(["1_init", "2_more", "3_latest"], known)).toEqual([]);
    expect(pendingAfterRestore(["1_init"], known)).toEqual(["2_more", "3_latest"]);
  });
  it("refuses a backup from a newer version", () => {
    expect(() => pendingAfterRestore(["1_init", "4_future"], known)).toThrow(/newer buddylist.*4_future/);
  });
});

describe("restoreSqlite", () => {
  const known = ["20260101000000_init", "20260102000000_more", "20260103000000_next"];

  function backupFile() {
    const at = file("backup.db");
    const db = buddylistDb(at);
    db.prepare(`INSERT INTO "Message" (body) VALUES ('restored')`).run();
    db.pragma("journal_mode = DELETE");
    db.close();
    return at;
  }

  it("puts the backup in place of a database nobody uses, and names the pending migrations", () => {
    const target = file("target.db");
    const { facts, pending } = restoreSqlite(backupFile(), target, { known });
    expect(facts.messages).toBe(1);
    expect(pending).toEqual(["20260103000000_next"]);
    expect(inspectDatabase(target).messages).toBe(1);
  });

  it("refuses a database a process has open, even with force, and leaves it as it was", () => {
    const target = file("busy.db");
    const server = buddylistDb(target);
    server.prepare(`INSERT INTO "Message" (body) VALUES ('live')`).run();
    expect(databaseInUse(target)).toBe(true);
    expect(() => restoreSqlite(backupFile(), target, { known, force: true })).toThrow(/in use/);
    expect(server.prepare(`SELECT body FROM "Message"`).pluck().all()).toEqual(["live"]);
    server.close();
    expect(databaseInUse(target)).toBe(false);
    // The probe left it in WAL mode.
    const reopened = new Database(target);
    expect(reopened.pragma("journal_mode", { simple: true })).toBe("wal");
    reopened.close();
  });

  it("replaces an existing database only with force", () => {
    const target = file("old.db");
    const old = buddylistDb(target);
    old.prepare(`INSERT INTO "Message" (body) VALUES ('old')`).run();
    old.close();
    expect(() => restoreSqlite(backupFile(), target, { known })).toThrow(/--force/);
    expect(inspectDatabase(target).messages).toBe(1);
    restoreSqlite(backupFile(), target, { known, force: true });
    const db = new Database(target, { readonly: true });
    expect(db.prepare(`SELECT body FROM "Message"`).pluck().all()).toEqual(["restored"]);
    db.close();
  });

  it("deletes the old database's search index file, which the server builds again from the backup's messages", () => {
    const target = file("indexed.db");
    buddylistDb(target).close();
    for (const suffix of ["", "-wal", "-shm"]) writeFileSync(`${searchIndexFile(target)}${suffix}`, "the old index");
    restoreSqlite(backupFile(), target, { known, force: true });
    for (const suffix of ["", "-wal", "-shm"]) expect(existsSync(`${searchIndexFile(target)}${suffix}`)).toBe(false);
  });

  it("refuses a backup made by a newer version before touching the target", () => {
    const newer = file("newer.db");
    const db = buddylistDb(newer, [...known, "20270101000000_future"]);
    db.close();
    const target = file("untouched.db");
    expect(() => restoreSqlite(newer, target, { known })).toThrow(/newer buddylist/);
    expect(existsSync(target)).toBe(false);
  });
});
