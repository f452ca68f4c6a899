// Transactions of plain statements, for the writes made at message rate (group-commit.ts,
// delivery-confirmations.ts). On SQLite they run on the writer thread the server started for
// the client (sqlite-writer.ts); without one (PostgreSQL, whose driver waits off the event loop
// already; scripts and tests) through Prisma. Each one may change what the search index must
// hold (on SQLite, triggers note it): the client's search indexer, if any, is told.
import { singleton } from "@/lib/singleton";
import type { Db } from "./client";
import { pokeSearchIndexer } from "./search-index";
import type { SqliteWriter, WriteResult, WriteStatement } from "./sqlite-writer";

// Process-wide: Next.js' route handlers load their own copy of this module; a write made through
// that copy must reach the same thread, not take the write lock on the event loop.
const writers = singleton("sqliteWriters", () => new WeakMap<Db, SqliteWriter>());

/** The client's writes at message rate go through `writer` from now on (none: through Prisma again). */
export function setWriter(db: Db, writer: SqliteWriter | undefined): void {
  if (writer) writers.set(db, writer);
  else writers.delete(db);
}

/** Runs the statements in one transaction; answers each one's rows (`rows`) or count of rows changed. */
export function runTransaction(db: Db, statements: WriteStatement[]): Promise<WriteResult[]> {
  const writer = writers.get(db);
  if (writer) return writer.transaction(statements).finally(() => pokeSearchIndexer(db));
  const prisma = ({ sql, values, rows }: WriteStatement) =>
    rows ? db.$queryRawUnsafe<Record<string, unknown>[]>(sql, ...values) : db.$executeRawUnsafe(sql, ...values);
  // One statement is a transaction by itself.
  if (statements.length === 1) return prisma(statements[0]!).then((result) => [result]);
  return db.$transaction(statements.map(prisma));
}
