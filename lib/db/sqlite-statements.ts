// Compiled statements, kept. Prisma's better-sqlite3 adapter calls `prepare(sql)` for every
// query it runs, and better-sqlite3 compiles the SQL each time: a seventh of a message's CPU
// time and a tenth of a connection's went to compiling the same few dozen statements again.
// The adapter's database handle gets a `prepare` that returns the statement compiled before for
// the same text (least recently used ones dropped past a limit). better-sqlite3 binds
// parameters to a statement for good, so what the adapter receives is a thin view that passes
// each call's parameters along instead.
import type Database from "better-sqlite3";

type Statement = Database.Statement<unknown[]>;

type Compiled = { statement: Statement; columns?: Database.ColumnDefinition[] };

/** The part of a statement the adapter uses, with this call's parameters (none: prepare(sql).run()). */
function withParameters(compiled: Compiled, parameters: unknown[]) {
  const { statement } = compiled;
  return {
    reader: statement.reader,
    run: () => statement.run(...parameters),
    // Asked before every read and the same for a compiled statement (the adapter only maps over it).
    columns: () => (compiled.columns ??= statement.columns()),
    raw: (toggle = true) => {
      statement.raw(toggle);
      return { all: () => statement.all(...parameters) };
    },
  };
}

/** Rows as objects by column name, or as arrays in column order, from a kept statement (direct-reads.ts). */
export type KeptReader = (sql: string, parameters: unknown[], arrays?: boolean) => unknown[];

/**
 * Makes `database.prepare` reuse compiled statements, up to `capacity` distinct SQL texts. What
 * it returns supports exactly what the adapter calls: `prepare(sql).run()` and
 * `prepare(sql).bind(args)` then `reader`, `run()`, `columns()`, `raw().all()`. Answers a
 * reader of rows as objects through the same kept statements.
 */
export function reuseStatements(database: Database.Database, capacity = 256): KeptReader {
  const compile = database.prepare.bind(database);
  const compiled = new Map<string, Compiled>();
  const prepare = (sql: string) => {
    let entry = compiled.get(sql);
    if (entry) {
      compiled.delete(sql); // moves to the newest end
    } else {
      entry = { statement: compile(sql) as Statement };
      if (compiled.size >= capacity) compiled.delete(compiled.keys().next().value!);
    }
    compiled.set(sql, entry);
    const reused = entry;
    return { ...withParameters(reused, []), bind: (parameters: unknown[]) => withParameters(reused, parameters) };
  };
  (database as unknown as { prepare: typeof prepare }).prepare = prepare;
  // The adapter switches a statement to arrays before each of its reads; this switches back.
  return (sql, parameters, arrays = false) => {
    const rows = prepare(sql).bind(parameters).raw(arrays).all() as Record<string, unknown>[] & unknown[][];
    if (arrays) for (const row of rows) for (let column = 0; column < row.length; column++) row[column] = safeNumber(row[column]);
    else for (const row of rows) for (const column in row) row[column] = safeNumber(row[column]);
    return rows;
  };
}

/**
 * Prisma opens the database with safe integers on (every integer a bigint) and maps each to a
 * number where it fits, else to its decimal text; rows read past Prisma get the same values.
 */
function safeNumber(value: unknown): unknown {
  if (typeof value !== "bigint") return value;
  const asNumber = Number(value);
  return Number.isSafeInteger(asNumber) ? asNumber : value.toString();
}
