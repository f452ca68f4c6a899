import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { type Db, createDb, prepareDatabase } from "./client";
import { isUniqueViolation } from "./im/change-writes";
import { type SqliteWriter, SqliteWriteError, startSqliteWriter } from "./sqlite-writer";
import { runTransaction, setWriter } from "./transactions";

const open: { db: Db; writer: SqliteWriter; dir: string }[] = [];
afterEach(async () => {
  for (const { db, writer, dir } of open.splice(0)) {
    await writer.stop();
    await db.$disconnect();
    rmSync(dir, { recursive: true, force: true });
  }
});

async function setUp() {
  const dir = mkdtempSync(path.join(tmpdir(), "buddylist-writer-"));
  const file = path.join(dir, "test.db");
  const url = `file:${file}`;
  const db = createDb(url);
  await prepareDatabase(db, url);
  await db.$executeRawUnsafe(`CREATE TABLE t (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT UNIQUE NOT NULL, at DATETIME, flag BOOLEAN)`);
  const writer = await startSqliteWriter(db, file, { checkpointMs: 20 });
  open.push({ db, writer, dir });
  return { db, writer, file };
}

/**
 * Rows the database file holds by itself, without its write-ahead log. A copy taken while a
 * checkpoint is writing the file can be torn: that counts as none yet.
 */
function rowsInDatabaseFile(file: string): number {
  const copy = `${file}.alone`;
  copyFileSync(file, copy);
  let alone: Database.Database | undefined;
  try {
    alone = new Database(copy, { readonly: true });
    const table = alone.prepare("SELECT 1 FROM sqlite_master WHERE name = 't'").get();
    return table ? (alone.prepare("SELECT COUNT(*) AS n FROM t").get() as { n: number }).n : 0;
  } catch {
    return 0;
  } finally {
    alone?.close();
  }
}

const insert = (name: string, at: Date | null = null, flag = false) => ({
  sql: `INSERT INTO t (name, at, flag) VALUES (?, ?, ?) RETURNING id, name`,
  values: [name, at, flag],
  rows: true,
});

describe("startSqliteWriter", () => {
  it("runs a transaction's statements in order, answering rows or counts", async () => {
    const { db, writer } = await setUp();
    const results = await writer.transaction([
      insert("a"),
      insert("b"),
      { sql: `UPDATE t SET flag = ? WHERE name IN (?, ?)`, values: [true, "a", "b"] },
    ]);
    expect(results).toEqual([[{ id: 1, name: "a" }], [{ id: 2, name: "b" }], 2]);
    // Committed: the server's own connection reads it at once.
    expect(await db.$queryRawUnsafe(`SELECT name, flag FROM t ORDER BY id`)).toEqual([
      { name: "a", flag: true },
      { name: "b", flag: true },
    ]);
  });

  it("binds dates and booleans as Prisma's adapter does, so they read back the same", async () => {
    const { db, writer } = await setUp();
    const at = new Date("2026-12-07T04:05:06.789Z");
    await writer.transaction([insert("w", at, true)]);
    await db.$executeRawUnsafe(`INSERT INTO t (name, at, flag) VALUES (?, ?, ?)`, "p", at, true);
    const [written, prisma] = await db.$queryRawUnsafe<{ at: string; flag: unknown }[]>(`SELECT at, flag FROM t ORDER BY id`);
    expect(written).toEqual(prisma);
  });

  it("rolls the whole transaction back when a statement fails, with SQLite's code", async () => {
    const { db, writer } = await setUp();
    await writer.transaction([insert("taken")]);
    const failed = writer.transaction([insert("new"), insert("taken")]).catch((error: unknown) => error);
    const error = await failed;
    expect(error).toBeInstanceOf(SqliteWriteError);
    expect(isUniqueViolation(error)).toBe(true);
    expect(await db.$queryRawUnsafe(`SELECT name FROM t`)).toEqual([{ name: "taken" }]);
    // The writer goes on.
    expect(await writer.transaction([insert("after")])).toEqual([[{ id: 2, name: "after" }]]);
  });

  it("answers everything asked before it stops", async () => {
    const { db, writer } = await setUp();
    const asked = Array.from({ length: 50 }, (_, index) => writer.transaction([insert(`n${index}`)]));
    const stopped = writer.stop();
    await expect(Promise.all(asked)).resolves.toHaveLength(50);
    await stopped;
    await expect(writer.transaction([insert("late")])).rejects.toThrow(/stopped/);
    expect(await db.$queryRawUnsafe(`SELECT COUNT(*) AS n FROM t`)).toEqual([{ n: 50n }]);
  });

  it("copies committed writes from the log into the database file in the background", async () => {
    const { db, writer, file } = await setUp();
    expect(await db.$queryRawUnsafe("PRAGMA wal_autocheckpoint")).toEqual([{ wal_autocheckpoint: 100_000n }]);
    for (let index = 0; index < 25; index += 1) await db.$executeRawUnsafe("INSERT INTO t (name) VALUES (?)", `server ${index}`);
    for (let index = 0; index < 25; index += 1) await writer.transaction([insert(`thread ${index}`)]);
    // Far below either connection's own autocheckpoint threshold: only the timer can have copied them.
    let inFile = rowsInDatabaseFile(file);
    for (let waited = 0; waited < 100 && inFile < 50; waited += 1) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      inFile = rowsInDatabaseFile(file);
    }
    expect(inFile).toBe(50);
  });

  it("leaves the server's transactions working beside it: they take the write lock first and wait their turn", async () => {
    const { db, writer } = await setUp();
    setWriter(db, writer);
    try {
      let meanwhile: Promise<unknown> | undefined;
      await db.$transaction(async (tx) => {
        await tx.$queryRawUnsafe(`SELECT COUNT(*) FROM t`);
        // Begun deferred, this read would pin a snapshot; the writer's commit would then make the
        // write below fail at once. Taken immediately, the writer waits for this one instead.
        meanwhile = runTransaction(db, [insert("thread")]);
        await new Promise((resolve) => setTimeout(resolve, 50));
        await tx.$executeRawUnsafe(`INSERT INTO t (name) VALUES ('server')`);
      });
      await meanwhile;
      expect(await db.$queryRawUnsafe(`SELECT name FROM t ORDER BY id`)).toEqual([{ name: "server" }, { name: "thread" }]);
    } finally {
      setWriter(db, undefined);
    }
  });
});
