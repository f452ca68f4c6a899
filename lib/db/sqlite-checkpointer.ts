// WAL checkpoints off the event loop. SQLite copies its write-ahead log back into the database
// file every thousand pages by default, inside whichever COMMIT crosses that mark, with an
// fsync: about 9 ms during which the server's only thread did nothing else, a dozen times a
// second at a thousand messages a second — most of the send path's worst latencies. Here a
// worker thread with its own connection checkpoints (PASSIVE: it never blocks writers or
// readers) ten times a second, and the server's connection only checkpoints by itself if the
// log ever grows far past that (the worker stopped, or writes outran it). That fallback must
// stay out of reach: it would wait for the worker's checkpoint to finish, on the event loop.
import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";
import type { Db } from "./client";

/** Pages the log may reach before the server's own connection checkpoints anyway (~400 MB). */
const FALLBACK_AUTOCHECKPOINT_PAGES = 100_000;

// Plain CommonJS run by the worker; better-sqlite3's path comes from here (it is a dependency).
const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const Database = require(workerData.driver);
const db = new Database(workerData.file);
db.pragma("busy_timeout = 1000");
db.pragma("synchronous = NORMAL");
const timer = setInterval(() => {
  try {
    db.pragma("wal_checkpoint(PASSIVE)");
  } catch (error) {
    parentPort.postMessage({ error: String(error && error.message) });
  }
}, workerData.intervalMs);
parentPort.on("message", () => {
  clearInterval(timer);
  db.close();
  parentPort.close();
});
`;

export type Checkpointer = { stop(): Promise<void> };

export async function startCheckpointer(
  db: Db,
  file: string,
  options: { intervalMs?: number; onError?: (message: string) => void } = {},
): Promise<Checkpointer> {
  await db.$queryRawUnsafe(`PRAGMA wal_autocheckpoint = ${FALLBACK_AUTOCHECKPOINT_PAGES}`);
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { file, intervalMs: options.intervalMs ?? 100, driver: createRequire(import.meta.url).resolve("better-sqlite3") },
  });
  worker.unref();
  worker.on("message", (message: { error?: string }) => message.error && options.onError?.(message.error));
  worker.on("error", (error) => options.onError?.(error.message));
  const exited = new Promise<void>((resolve) => worker.once("exit", () => resolve()));
  return {
    async stop() {
      worker.postMessage("stop");
      await exited;
    },
  };
}
