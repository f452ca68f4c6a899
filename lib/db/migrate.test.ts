// The offline migration runner against real databases: a temporary SQLite file always, and
// PostgreSQL when a server answers on 127.0.0.1 (otherwise those tests are skipped).
import { spawnSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { readdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyMigrations, detectDrift, pendingMigrationSql } from "./migrate";

const root = fileURLToPath(new URL("../../", import.meta.url));
const tmpDir = path.join(root, ".tmp", `migrate-test-${randomBytes(4).toString("hex")}`);
const pgServer = process.env.SHADOW_DATABASE_URL || "postgresql://postgres@127.0.0.1:5432/postgres";
const pgReachable = spawnSync("pg_isready", ["-h", "127.0.0.1"]).status === 0;
const timeout = { timeout: 30_000 };

/** Migration folder names and the sha256 of each migration.sql, as Prisma records them. */
function checkedInMigrations(folder: string): { name: string; checksum: string }[] {
  const baseDir = path.join(root, folder);
  return readdirSync(baseDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort()
    .map((name) => ({
      name,
      checksum: createHash("sha256").update(readFileSync(path.join(baseDir, name, "migration.sql"))).digest("hex"),
    }));
}

const recordedMigrations = "SELECT migration_name AS name, checksum FROM _prisma_migrations ORDER BY migration_name";

describe("SQLite", timeout, () => {
  const url = `file:${path.join(tmpDir, "missing-folder", "test.db")}`;
  const expected = checkedInMigrations("prisma/migrations");

  afterAll(() => rmSync(tmpDir, { recursive: true, force: true }));

  it("migrates a fresh file, then finds it up to date with checksums Prisma accepts", async () => {
    expect(expected.length).toBeGreaterThan(0);
    expect(await applyMigrations(url)).toEqual(expected.map((migration) => migration.name));
    expect(await detectDrift(url)).toBe("");
    expect(await applyMigrations(url)).toEqual([]);
    const db = new Database(url.slice("file:".length), { readonly: true });
    try {
      expect(db.prepare(recordedMigrations).all()).toEqual(expected);
    } finally {
      db.close();
    }
  });

  it("keeps the search backlog's triggers, and no full-text index in the database itself", async () => {
    await applyMigrations(url);
    const db = new Database(url.slice("file:".length), { readonly: true });
    try {
      const objects = db
        .prepare("SELECT type, name FROM sqlite_master WHERE name LIKE '%Message_search_%' OR name LIKE '%Search%' ORDER BY name")
        .all();
      // The index is a file of its own (lib/db/search-indexer.ts); messages only note changes.
      expect(objects).toEqual([
        { type: "trigger", name: "GroupMessage_search_delete" },
        { type: "trigger", name: "GroupMessage_search_insert" },
        { type: "trigger", name: "GroupMessage_search_update" },
        { type: "trigger", name: "Message_search_delete" },
        { type: "trigger", name: "Message_search_insert" },
        { type: "trigger", name: "Message_search_update" },
        { type: "table", name: "SearchBacklog" },
      ]);
    } finally {
      db.close();
    }
  });

  it("reports drift after an out-of-band change", async () => {
    await applyMigrations(url);
    const db = new Database(url.slice("file:".length));
    try {
      db.exec("CREATE TABLE extra (id INTEGER PRIMARY KEY)");
    } finally {
      db.close();
    }
    expect(await detectDrift(url)).toContain('"extra"');
  });

  it("gives tokens made before scopes existed every scope, and new rows only presence:read", () => {
    const migrations = expected.map((migration) => migration.name);
    const scopesAt = migrations.findIndex((name) => name.endsWith("_token_scopes"));
    expect(scopesAt).toBeGreaterThan(0);
    const db = new Database(":memory:");
    const run = (name: string) => db.exec(readFileSync(path.join(root, "prisma/migrations", name, "migration.sql"), "utf8"));
    try {
      for (const name of migrations.slice(0, scopesAt)) run(name);
      db.exec(`INSERT INTO "User" ("id", "username", "displayName", "passwordHash") VALUES ('u1', 'old', 'Old', 'x')`);
      db.exec(`INSERT INTO "AccessToken" ("id", "userId", "name", "tokenHash") VALUES ('t1', 'u1', 'old bot', 'h1')`);
      for (const name of migrations.slice(scopesAt)) run(name);
      db.exec(`INSERT INTO "AccessToken" ("id", "userId", "name", "tokenHash") VALUES ('t2', 'u1', 'new', 'h2')`);
      expect(db.prepare(`SELECT "id", "scopes" FROM "AccessToken" ORDER BY "id"`).all()).toEqual([
        { id: "t1", scopes: "presence:read presence:manage messages" },
        { id: "t2", scopes: "presence:read" },
      ]);
    } finally {
      db.close();
    }
  });

  it("has checked-in migrations in sync with prisma/schema.prisma", async () => {
    expect(await pendingMigrationSql("sqlite")).toBe("");
  });
});

describe.skipIf(!pgReachable)(
  pgReachable ? "PostgreSQL" : "PostgreSQL (skipped: `pg_isready -h 127.0.0.1` found no server)",
  timeout,
  () => {
    const database = `buddylist_test_${randomBytes(6).toString("hex")}`;
    const serverUrl = new URL(pgServer);
    const url = Object.assign(new URL(pgServer), { pathname: `/${database}` }).toString();
    const expected = checkedInMigrations("prisma/pg/migrations");

    async function onServer<T>(work: (client: pg.Client) => Promise<T>, target = serverUrl.toString()): Promise<T> {
      const client = new pg.Client({ connectionString: target });
      await client.connect();
      try {
        return await work(client);
      } finally {
        await client.end();
      }
    }

    beforeAll(() => onServer((client) => client.query(`CREATE DATABASE "${database}"`)));
    afterAll(() => onServer((client) => client.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`)));

    it("migrates a fresh database, then finds it up to date with checksums Prisma accepts", async () => {
      expect(await applyMigrations(url)).toEqual(expected.map((migration) => migration.name));
      expect(await detectDrift(url)).toBe("");
      expect(await applyMigrations(url)).toEqual([]);
      const { rows } = await onServer((client) => client.query(recordedMigrations), url);
      expect(rows).toEqual(expected);
      const { rows: indexes } = await onServer(
        (client) => client.query("SELECT indexname FROM pg_indexes WHERE indexname = 'Message_body_search_idx'"),
        url,
      );
      expect(indexes).toEqual([{ indexname: "Message_body_search_idx" }]);
    });

    it("has checked-in migrations in sync with prisma/pg/schema.prisma, leaving no shadow database", async () => {
      expect(await pendingMigrationSql("postgresql")).toBe("");
      const { rows } = await onServer((client) =>
        client.query("SELECT datname FROM pg_database WHERE datname LIKE 'buddylist_shadow_%'"),
      );
      expect(rows).toEqual([]);
    });

    it("lets the process exit as soon as migrations are applied", () => {
      // The engine arms a 10 s timer during applyMigrations; the server must not wait for it
      // when it shuts down, so measure how long a process lingers after the call returns.
      const child = spawnSync(
        process.execPath,
        [
          "--import",
          "tsx",
          "--input-type=module",
          "--eval",
          `import { applyMigrations } from "./lib/db/migrate.ts";
           await applyMigrations(${JSON.stringify(url)});
           const done = performance.now();
           process.on("exit", () => console.log(JSON.stringify({ lingerMs: performance.now() - done })));`,
        ],
        { cwd: root, encoding: "utf8", timeout: 20_000 },
      );
      expect(child.stderr).toBe("");
      const { lingerMs } = JSON.parse(child.stdout) as { lingerMs: number };
      expect(lingerMs).toBeLessThan(1_000);
    });
  },
);
