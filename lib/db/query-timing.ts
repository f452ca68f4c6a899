// Times every statement a Prisma driver adapter runs, in transactions too, for the metrics.
// Wrapping the adapter (not Prisma's `$on("query")` log) costs a clock read per statement and
// formats nothing.
import type { SqlDriverAdapter, SqlQueryable, Transaction } from "@prisma/driver-adapter-utils";

/** Told the seconds one statement took: a read (`query`) or a write (`execute`). */
export type QueryTimer = (operation: "query" | "execute", seconds: number) => void;

function timeStatements<Q extends SqlQueryable>(queryable: Q, timer: QueryTimer): Q {
  const { queryRaw, executeRaw } = queryable;
  queryable.queryRaw = async function (this: Q, params) {
    const started = performance.now();
    try {
      return await queryRaw.call(this, params);
    } finally {
      timer("query", (performance.now() - started) / 1000);
    }
  };
  queryable.executeRaw = async function (this: Q, params) {
    const started = performance.now();
    try {
      return await executeRaw.call(this, params);
    } finally {
      timer("execute", (performance.now() - started) / 1000);
    }
  };
  return queryable;
}

/** The adapter, its statements and those of every transaction it starts timed. */
export function timeQueries<A extends SqlDriverAdapter>(adapter: A, timer: QueryTimer): A {
  const startTransaction = adapter.startTransaction;
  adapter.startTransaction = async function (this: A, ...args: Parameters<A["startTransaction"]>): Promise<Transaction> {
    return timeStatements(await startTransaction.apply(this, args), timer);
  };
  return timeStatements(adapter, timer);
}
