// Raw reads without Prisma's query engine on SQLite. Around a lookup SQLite answers in a few
// microseconds, Prisma spends 35–200 µs (query plan, serialisation, promises); a socket connect
// makes about ten such reads, one at a time when connects arrive spread out, so that was a good
// part of a connect's CPU time. The SQL is the same text $queryRaw would run, on the same
// connection (Prisma runs its own reads outside a transaction there too), and rows come back as
// SQLite stores values: dates as ISO text, booleans as 0/1, integers as numbers, which the
// callers normalise anyway (raw-values.ts). On PostgreSQL, inside a transaction (a `tx` is not
// registered), and before Prisma opened the database, it is plain $queryRaw.
import type { Db } from "./client";
import type { Prisma } from "./generated/sqlite/client";
import type { QueryTimer } from "./query-timing";
import type { KeptReader } from "./sqlite-statements";

/** Reads on the SQLite connection behind a client once it is open, and the metrics' statement timer. */
export type DirectReader = { read(): KeptReader | undefined; timer?: QueryTimer };

const readers = new WeakMap<object, DirectReader>();

/** Called by createDb for a client on SQLite. */
export function registerDirectReads(client: object, reader: DirectReader): void {
  readers.set(client, reader);
}

/** A parameter as Prisma's better-sqlite3 adapter binds it (its default ISO timestamps). */
export function sqliteParameter(value: unknown): unknown {
  if (typeof value === "boolean") return value ? 1 : 0;
  if (value instanceof Date) return value.toISOString().replace("Z", "+00:00");
  return value;
}

function direct<T>(client: object, sql: string, values: unknown[], arrays = false): T[] | undefined {
  const reader = readers.get(client);
  const read = reader?.read();
  if (!reader || !read) return undefined;
  const started = reader.timer ? performance.now() : 0;
  try {
    // Through the connection's kept statements (sqlite-statements.ts): compiled once per text.
    return read(sql, values.map(sqliteParameter), arrays) as T[];
  } finally {
    reader.timer?.("query", (performance.now() - started) / 1000);
  }
}

/** The rows of a `Prisma.sql` query, as `$queryRaw` would run it. */
export async function readRows<T>(client: Db, query: Prisma.Sql): Promise<T[]> {
  return direct<T>(client, query.sql, query.values) ?? client.$queryRaw<T[]>(query);
}

/**
 * The rows of a `Prisma.sql` query as arrays, in the order of its columns: for reads of thousands
 * of rows (a third cheaper than objects by column name, which SQLite builds row by row).
 */
export async function readArrays<T extends unknown[]>(client: Db, query: Prisma.Sql): Promise<T[]> {
  const rows = direct<T>(client, query.sql, query.values, true);
  if (rows) return rows;
  return (await client.$queryRaw<Record<string, unknown>[]>(query)).map((row) => Object.values(row) as T);
}

/** The rows of a query with its own placeholders, as `$queryRawUnsafe` would run it. */
export async function readRowsUnsafe<T>(client: Db, sql: string, ...values: unknown[]): Promise<T[]> {
  return direct<T>(client, sql, values) ?? client.$queryRawUnsafe<T[]>(sql, ...values);
}
