// SQLite's writing thread. better-sqlite3 is synchronous: each statement runs on the thread that
// asks. On the server's only thread, a COMMIT waiting on the disk beside a checkpoint's fsync,
// or the FTS5 merge a batch's index terms set off, held everything else for 50–150 ms
// (docs/scaling.md, "where the send path's stalls come from"). A worker thread with its own
// connection runs the writes made at message rate (transactions.ts), one transaction after
// another, and the event loop only waits for its answer. SQLite has one writer at a time: the
// server's own writes wait their turn (busy timeout) while one of these runs.
//
// It can also copy the write-ahead log back into the database file (a PASSIVE checkpoint, never
// blocking readers or writers) every `checkpointMs`; the server has the search indexer's thread
// do that instead (search-indexer.ts), so no send waits behind a checkpoint's fsync. SQLite would
// otherwise checkpoint inside whichever COMMIT crossed 1 000 log pages; these connections and
// the server's only do so by themselves if the log grows far past that (the checkpointing thread
// stopped, or writes outran it).
import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";
import type { Db } from "./client";
import type { QueryTimer } from "./query-timing";

/** One statement of a transaction: its rows (`rows`) or the number of rows it changed. */
export type WriteStatement = { sql: string; values: unknown[]; rows?: boolean };

/** What a statement answers: rows as objects by column name, or the count of rows changed. */
export type WriteResult = Record<string, unknown>[] | number;

export type SqliteWriter = {
  transaction(statements: WriteStatement[]): Promise<WriteResult[]>;
  /** Answers what was asked before, then closes the connection. */
  stop(): Promise<void>;
};

/** An error the worker's driver raised, with SQLite's code (e.g. SQLITE_CONSTRAINT_UNIQUE). */
export class SqliteWriteError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
    this.name = "SqliteWriteError";
  }
}

/** Pages the log may reach before a connection checkpoints by itself (~400 MB). */
const FALLBACK_AUTOCHECKPOINT_PAGES = 100_000;

// Plain CommonJS run by the worker; better-sqlite3's path comes from here (it is a dependency).
// Statements are compiled once and kept, as on the server's connection (sqlite-statements.ts).
const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const Database = require(workerData.driver);
const db = new Database(workerData.file, { timeout: workerData.busyTimeoutMs });
db.pragma("synchronous = NORMAL");
db.pragma("foreign_keys = ON");
db.pragma("wal_autocheckpoint = " + workerData.autocheckpointPages);
if (workerData.checkpointMs > 0) {
  setInterval(() => {
    try {
      db.pragma("wal_checkpoint(PASSIVE)");
    } catch (error) {
      parentPort.postMessage({ checkpointError: String(error && error.message) });
    }
  }, workerData.checkpointMs);
}
const kept = new Map();
function statement(sql) {
  let compiled = kept.get(sql);
  if (!compiled) {
    if (kept.size >= 256) kept.delete(kept.keys().next().value);
    compiled = db.prepare(sql);
    kept.set(sql, compiled);
  }
  return compiled;
}
const run = db.transaction((statements) =>
  statements.map(({ sql, values, rows }) => (rows ? statement(sql).all(...values) : statement(sql).run(...values).changes)),
);
parentPort.on("message", (message) => {
  if (message === "stop") {
    db.close();
    process.exit(0);
  }
  try {
    parentPort.postMessage({ id: message.id, results: run(message.statements) });
  } catch (error) {
    parentPort.postMessage({ id: message.id, error: { message: String(error && error.message), code: String(error && error.code) } });
  }
});
`;

/** A value as Prisma's SQLite adapter binds it: dates as ISO text, booleans as 0/1. */
function bindable(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString().replace("Z", "+00:00");
  if (typeof value === "boolean") return value ? 1 : 0;
  return value;
}

type Reply = { id: number; results?: WriteResult[]; error?: { message: string; code: string }; checkpointError?: string };

/** Starts the thread for the database `file`, which `db` (the server's connection) opened. */
export async function startSqliteWriter(
  db: Db,
  file: string,
  options: {
    busyTimeoutMs?: number;
    onError?: (message: string) => void;
    /** How often this thread checkpoints the log (default 100 ms; 0: another thread does). */
    checkpointMs?: number;
    /** Told each transaction's time, asked to answered (the metrics' database timings). */
    timer?: QueryTimer;
  } = {},
): Promise<SqliteWriter> {
  await db.$queryRawUnsafe(`PRAGMA wal_autocheckpoint = ${FALLBACK_AUTOCHECKPOINT_PAGES}`);
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: {
      file,
      busyTimeoutMs: options.busyTimeoutMs ?? 5_000,
      autocheckpointPages: FALLBACK_AUTOCHECKPOINT_PAGES,
      checkpointMs: options.checkpointMs ?? 100,
      driver: createRequire(import.meta.url).resolve("better-sqlite3"),
    },
  });
  const waiting = new Map<number, { resolve: (results: WriteResult[]) => void; reject: (error: Error) => void; at: number }>();
  let nextId = 0;
  let failure: Error | undefined;
  let stopping = false;
  // Idle, the worker must not keep the process alive; while a transaction waits, it must.
  worker.unref();
  worker.on("message", (reply: Reply) => {
    if (reply.checkpointError) return void options.onError?.(`WAL checkpoint failed: ${reply.checkpointError}`);
    const asker = waiting.get(reply.id);
    waiting.delete(reply.id);
    if (waiting.size === 0) worker.unref();
    if (asker) options.timer?.("execute", (performance.now() - asker.at) / 1000);
    if (reply.error) asker?.reject(new SqliteWriteError(reply.error.message, reply.error.code));
    else asker?.resolve(reply.results!);
  });
  const fail = (error: Error) => {
    failure = error;
    options.onError?.(error.message);
    for (const asker of waiting.values()) asker.reject(error);
    waiting.clear();
  };
  worker.on("error", fail);
  const exited = new Promise<void>((resolve) =>
    worker.once("exit", () => {
      if (stopping) failure = new Error("the SQLite writer was stopped");
      else fail(new Error("the SQLite writer stopped"));
      resolve();
    }),
  );

  return {
    transaction(statements) {
      if (failure) return Promise.reject(failure);
      const id = nextId++;
      if (waiting.size === 0) worker.ref();
      const answered = new Promise<WriteResult[]>((resolve, reject) => waiting.set(id, { resolve, reject, at: performance.now() }));
      worker.postMessage({ id, statements: statements.map(({ sql, values, rows }) => ({ sql, values: values.map(bindable), rows })) });
      return answered;
    },
    async stop() {
      // Messages are handled in order: everything asked before "stop" is answered first.
      stopping = true;
      worker.ref();
      worker.postMessage("stop");
      await exited;
    },
  };
}
