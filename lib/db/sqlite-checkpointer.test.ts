import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { createDb, prepareDatabase } from "./client";
import { startCheckpointer } from "./sqlite-checkpointer";

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

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

describe("startCheckpointer", () => {
  it("copies committed writes from the log into the database file in the background", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "buddylist-checkpoint-"));
    dirs.push(dir);
    const file = path.join(dir, "test.db");
    const url = `file:${file}`;
    const db = createDb(url);
    await prepareDatabase(db, url);
    await db.$executeRawUnsafe("CREATE TABLE t (id INTEGER PRIMARY KEY, body TEXT)");
    const checkpointer = await startCheckpointer(db, file, { intervalMs: 20 });
    try {
      expect(await db.$queryRawUnsafe("PRAGMA wal_autocheckpoint")).toEqual([{ wal_autocheckpoint: 100_000n }]);
      for (let index = 0; index < 50; index += 1) await db.$executeRawUnsafe("INSERT INTO t (body) VALUES (?)", `row ${index}`);
      // Far below the server's own autocheckpoint threshold: only the worker can have copied them.
      let inFile = rowsInDatabaseFile(file);
      for (let waited = 0; waited < 100 && inFile < 50; waited += 1) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        inFile = rowsInDatabaseFile(file);
      }
      expect(inFile).toBe(50);
    } finally {
      await checkpointer.stop();
      await db.$disconnect();
    }
  });
});
