// The one Prisma client of the process. The driver adapter follows DATABASE_URL: SQLite
// through better-sqlite3 (WAL on) by default, PostgreSQL through pg when the URL says so.
// It is cached on globalThis in every environment: server.ts and Next.js' route bundles load
// separate copies of this module in one process, and they must share one pool.
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import type Database from "better-sqlite3";
import { databaseProvider, getEnv, sqliteFilePath } from "@/lib/env";
import { peekSingleton, setSingleton, singleton } from "@/lib/singleton";
import { PrismaClient } from "./generated/sqlite/client";
import { PrismaClient as PgPrismaClient } from "./generated/pg/client";
import { registerDirectReads } from "./direct-reads";
import { type QueryTimer, timeQueries } from "./query-timing";
import { type KeptReader, reuseStatements } from "./sqlite-statements";

export type Db = PrismaClient;

/**
 * Makes the adapter's transactions take the write lock when they begin. It begins them
 * deferred: a transaction that reads, then writes after another connection (the writer thread,
 * sqlite-writer.ts) committed, fails at once with SQLITE_BUSY instead of waiting its turn.
 */
function takeWriteLockFirst(client: Database.Database) {
  const prepare = client.prepare.bind(client);
  (client as unknown as { prepare: (sql: string) => unknown }).prepare = (sql: string) =>
    prepare(sql === "BEGIN" ? "BEGIN IMMEDIATE" : sql);
}

/** The SQLite adapter, with compiled statements reused (see sqlite-statements.ts). */
class SqliteAdapterFactory extends PrismaBetterSqlite3 {
  /** Reads through the connection's kept statements, once Prisma opened it (direct-reads.ts). */
  read?: KeptReader;
  constructor(
    config: ConstructorParameters<typeof PrismaBetterSqlite3>[0],
    private readonly timer?: QueryTimer,
  ) {
    super(config);
  }
  override async connect() {
    const adapter = await super.connect();
    const client = (adapter as unknown as { client: Database.Database }).client;
    this.read = reuseStatements(client);
    takeWriteLockFirst(client);
    return this.timer ? timeQueries(adapter, this.timer) : adapter;
  }
}

/** The PostgreSQL adapter, its statements timed when asked. */
class PgAdapterFactory extends PrismaPg {
  constructor(
    config: ConstructorParameters<typeof PrismaPg>[0],
    private readonly timer?: QueryTimer,
  ) {
    super(config);
  }
  override async connect() {
    const adapter = await super.connect();
    return this.timer ? timeQueries(adapter, this.timer) : adapter;
  }
}

export type DbOptions = {
  /** Told how long each statement took (the metrics); without it nothing is timed. */
  timeQuery?: QueryTimer;
};

export function createDb(url: string, options: DbOptions = {}): Db {
  if (databaseProvider(url) === "sqlite") {
    const adapter = new SqliteAdapterFactory({ url: sqliteFilePath(url) }, options.timeQuery);
    const client = new PrismaClient({ adapter });
    registerDirectReads(client, { read: () => adapter.read, timer: options.timeQuery });
    return client;
  }
  const adapter = new PgAdapterFactory({ connectionString: url }, options.timeQuery);
  // Both generated clients come from one data model; only the provider differs.
  return new PgPrismaClient({ adapter }) as unknown as Db;
}

/**
 * Per-connection settings. WAL lets readers run beside the writer; with WAL, synchronous=NORMAL
 * still survives a process crash (only a power loss can drop the last commits).
 */
export async function prepareDatabase(db: Db, url: string): Promise<void> {
  if (databaseProvider(url) !== "sqlite") return;
  await db.$queryRawUnsafe("PRAGMA journal_mode = WAL");
  await db.$executeRawUnsafe("PRAGMA synchronous = NORMAL");
  await db.$executeRawUnsafe("PRAGMA foreign_keys = ON");
}

/** The process' client; options count only for the first call, which creates it (server.ts). */
export function getDb(options: DbOptions = {}): Db {
  return singleton("db", () => createDb(getEnv().DATABASE_URL, options));
}

/** Closes the shared client (graceful shutdown). */
export async function closeDb(): Promise<void> {
  const db = peekSingleton<Db>("db");
  setSingleton("db", undefined);
  await db?.$disconnect();
}
