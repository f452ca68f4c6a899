// The backends a storage contract suite runs on: memory and SQLite always, PostgreSQL when
// TEST_DATABASE=postgres. Each suite gets a fresh, migrated database of its own (a SQLite file
// under .tmp/, a PostgreSQL database), removed afterwards; the same test bodies run on each.
import { randomBytes } from "node:crypto";
import { rm } from "node:fs/promises";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe } from "vitest";
import { createDb, prepareDatabase } from "@/lib/db/client";
import { createMemoryStorage } from "@/lib/db/memory-storage";
import { applyMigrations } from "@/lib/db/migrate";
import { createPrismaStorage } from "@/lib/db/prisma-storage";
import { setSearchIndexer } from "@/lib/db/search-index";
import { startSearchIndexer } from "@/lib/db/search-indexer";
import { startSqliteWriter } from "@/lib/db/sqlite-writer";
import type { Storage } from "@/lib/db/storage";
import { setWriter } from "@/lib/db/transactions";
import { sqliteFilePath } from "@/lib/env";
import { POSTGRES_ADMIN_URL, onPostgres } from "../integration/postgres";

export type Backend = { name: "memory" | "sqlite" | "postgresql"; storage: Storage; close(): Promise<void> };

const root = path.resolve(import.meta.dirname, "../..");

async function openSqlite(): Promise<Backend> {
  const dir = path.join(root, ".tmp", `contract-${randomBytes(4).toString("hex")}`);
  const url = `file:${path.join(dir, "test.db")}`;
  await applyMigrations(url);
  const db = createDb(url);
  await prepareDatabase(db, url);
  // As the server runs it: the writes made at message rate on the writer thread.
  const writer = await startSqliteWriter(db, sqliteFilePath(url));
  setWriter(db, writer);
  // And the search index in its own file, kept by its own thread.
  const indexer = await startSearchIndexer(sqliteFilePath(url));
  setSearchIndexer(db, indexer);
  return {
    name: "sqlite",
    storage: createPrismaStorage(db, "sqlite"),
    async close() {
      setWriter(db, undefined);
      await writer.stop();
      setSearchIndexer(db, undefined);
      await indexer.stop();
      await db.$disconnect();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

async function openPostgres(): Promise<Backend> {
  const name = `buddylist_contract_${randomBytes(4).toString("hex")}`;
  await adminQuery(`CREATE DATABASE "${name}"`);
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/${name}`;
  await applyMigrations(url.toString());
  const db = createDb(url.toString());
  return {
    name: "postgresql",
    storage: createPrismaStorage(db, "postgresql"),
    async close() {
      await db.$disconnect();
      await adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    },
  };
}

const kinds: { name: Backend["name"]; open: () => Promise<Backend> }[] = [
  { name: "memory", open: async () => ({ name: "memory", storage: createMemoryStorage(), close: async () => {} }) },
  { name: "sqlite", open: openSqlite },
  ...(onPostgres() ? [{ name: "postgresql" as const, open: openPostgres }] : []),
];

/**
 * One contract, run on every backend: `body` declares the tests, reaching the stores through
 * `storage()` (a fresh backend per suite, shared by its tests: each test makes its own accounts).
 */
export function describeContract(title: string, body: (storage: () => Storage, backend: () => Backend["name"]) => void): void {
  for (const kind of kinds) {
    describe(`${title} on ${kind.name}`, () => {
      let backend: Backend | undefined;
      beforeAll(async () => {
        backend = await kind.open();
      });
      afterAll(async () => {
        await backend?.close();
      });
      body(
        () => backend!.storage,
        () => kind.name,
      );
    });
  }
}

let made = 0;

/** A new account with a name no other test uses (lower-case, as sign-up stores names). */
export async function newAccount(storage: Storage, prefix = "user"): Promise<{ id: string; username: string }> {
  const username = `${prefix}${++made}x${randomBytes(3).toString("hex")}`;
  const created = await storage.accounts.create(
    { username, displayName: username.toUpperCase(), passwordHash: "hash" },
    { mode: "open", inviteHash: null, now: new Date() },
  );
  if (typeof created === "string") throw new Error(`sign-up refused: ${created}`);
  return { id: created.id, username };
}
