// SQLite's full-text search index, in a file of its own written by a thread of its own. FTS5's
// segment merges (heavy with the prefix indexes) used to run inside each message's transaction,
// and a send queued behind one waited 50–150 ms (docs/scaling.md, stops 29 and 30). Now a
// message's transaction only notes which message changed ("SearchBacklog", the
// search_index_file migration), and this thread, with its own connection to the database that
// ATTACHes `<file>-search.db`, reads the notes past the last one it indexed, indexes each
// message's current state by the rules the old triggers had, and records how far it got in the
// index file, in one transaction that writes only that file (with WAL, a transaction over two
// files is not atomic). It deletes the notes it has done from time to time, in a transaction of
// their own: a crash between the two only means indexing some messages again, which changes
// nothing. A missing or foreign index file is built again from every message, in batches.
//
// Searches read through a read-only connection of their own (search-index.ts): the server's
// connection begins its transactions IMMEDIATE, which would take the index file's write lock too
// and wait behind a merge, were the index attached there. A search first asks this thread to
// catch up with the notes written so far, so a message is found as soon as its send is answered.
//
// The server also has this thread checkpoint the database's log (`checkpointMs`): on the writer
// thread a checkpoint's fsync held up the sends queued behind it (docs/scaling.md, stop 30).
import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";
import BetterSqlite3 from "better-sqlite3";

/** The index file beside the database `file`. */
export const searchIndexFile = (file: string) => `${file}-search.db`;

/**
 * The index file's tables: the two FTS5 tables exactly as the search_prefix_index migration made
 * them (the inboxes column: "u" + the account id without dashes, for each side that still holds
 * the message), and how far the index got: `backlogId` the last note indexed, and while the index
 * is built again, the last message (`messagesFrom`) and group message (`groupMessagesFrom`) done.
 */
const INDEX_SCHEMA = `
CREATE VIRTUAL TABLE IF NOT EXISTS search."MessageSearch" USING fts5(
    body, inboxes, content = '', contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 2', prefix = '1 2 3 4');
CREATE VIRTUAL TABLE IF NOT EXISTS search."GroupMessageSearch" USING fts5(
    body, content = '', contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 2', prefix = '1 2 3 4');
CREATE TABLE IF NOT EXISTS search."SearchIndexState" (
    "id" INTEGER PRIMARY KEY CHECK ("id" = 1),
    "backlogId" INTEGER NOT NULL,
    "messagesFrom" INTEGER,
    "groupMessagesFrom" INTEGER);
`;

// Plain CommonJS run by the worker, as sqlite-writer.ts's. The index rules are the old triggers':
// every stored message, with the inboxes that still hold it; a group message unless it is a
// system line, empty, or deleted for everyone.
const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const Database = require(workerData.driver);
const db = new Database(workerData.file, { timeout: workerData.busyTimeoutMs });
db.pragma("synchronous = NORMAL");
db.prepare("ATTACH ? AS search").run(workerData.indexFile);
db.pragma("search.journal_mode = WAL");
db.pragma("search.synchronous = NORMAL");
db.exec(workerData.schema);
if (workerData.automerge !== undefined) {
  for (const table of ["MessageSearch", "GroupMessageSearch"])
    db.prepare('INSERT INTO search."' + table + '" ("' + table + '", rank) VALUES (\\'automerge\\', ?)').run(workerData.automerge);
}
const batch = workerData.batchSize;
const MESSAGE_ROW = \`SELECT "seq", "body",
    (CASE WHEN "deletedBySender" THEN '' ELSE 'u' || replace("senderId", '-', '') END) || ' ' ||
    (CASE WHEN "deletedByRecipient" THEN '' ELSE 'u' || replace("recipientId", '-', '') END)
  FROM main."Message"\`;
const GROUP_ROW = \`SELECT "seq", "body" FROM main."GroupMessage"
  WHERE "event" IS NULL AND "retractedAt" IS NULL AND "body" <> ''\`;
const q = {
  state: db.prepare('SELECT "backlogId", "messagesFrom", "groupMessagesFrom" FROM search."SearchIndexState"'),
  lastNote: db.prepare('SELECT coalesce(max("id"), 0) FROM main."SearchBacklog"').pluck(),
  noteSequence: db.prepare("SELECT coalesce((SELECT seq FROM main.sqlite_sequence WHERE name = 'SearchBacklog'), 0)").pluck(),
  notes: db.prepare('SELECT "id", "kind", "seq" FROM main."SearchBacklog" WHERE "id" > ? ORDER BY "id" LIMIT ?'),
  prune: db.prepare('DELETE FROM main."SearchBacklog" WHERE "id" <= ?'),
  restart: db.prepare('INSERT OR REPLACE INTO search."SearchIndexState" VALUES (1, ?, 0, 0)'),
  clearMessages: db.prepare('INSERT INTO search."MessageSearch" ("MessageSearch") VALUES (\\'delete-all\\')'),
  clearGroupMessages: db.prepare('INSERT INTO search."GroupMessageSearch" ("GroupMessageSearch") VALUES (\\'delete-all\\')'),
  nextMessages: db.prepare(MESSAGE_ROW + ' WHERE "seq" > ? ORDER BY "seq" LIMIT ?').raw(),
  nextGroupMessages: db.prepare(GROUP_ROW + ' AND "seq" > ? ORDER BY "seq" LIMIT ?').raw(),
  lastGroupMessage: db.prepare('SELECT coalesce(max("seq"), 0) FROM main."GroupMessage"').pluck(),
  messageDone: db.prepare('UPDATE search."SearchIndexState" SET "messagesFrom" = ?'),
  groupMessageDone: db.prepare('UPDATE search."SearchIndexState" SET "groupMessagesFrom" = ?'),
  backlogDone: db.prepare('UPDATE search."SearchIndexState" SET "backlogId" = ?'),
  dropMessage: db.prepare('DELETE FROM search."MessageSearch" WHERE rowid = ?'),
  addMessage: db.prepare('INSERT INTO search."MessageSearch" (rowid, body, inboxes) VALUES (?, ?, ?)'),
  indexMessage: db.prepare('INSERT INTO search."MessageSearch" (rowid, body, inboxes) ' + MESSAGE_ROW + ' WHERE "seq" = ?'),
  dropGroupMessage: db.prepare('DELETE FROM search."GroupMessageSearch" WHERE rowid = ?'),
  addGroupMessage: db.prepare('INSERT INTO search."GroupMessageSearch" (rowid, body) VALUES (?, ?)'),
  indexGroupMessage: db.prepare('INSERT INTO search."GroupMessageSearch" (rowid, body) ' + GROUP_ROW + ' AND "seq" = ?'),
};

// The last note indexed, once the index is complete (-1 while it is built).
let indexed = -1;
let pruned = 0;
let checked = false;

const restart = db.transaction(() => {
  q.clearMessages.run();
  q.clearGroupMessages.run();
  q.restart.run(q.lastNote.get());
});
const rebuildMessages = db.transaction((from) => {
  const rows = q.nextMessages.all(from, batch);
  for (const row of rows) q.addMessage.run(...row);
  q.messageDone.run(rows.length < batch ? null : rows[rows.length - 1][0]);
});
const rebuildGroupMessages = db.transaction((from) => {
  const rows = q.nextGroupMessages.all(from, batch);
  for (const row of rows) q.addGroupMessage.run(...row);
  q.groupMessageDone.run(rows.length < batch ? null : rows[rows.length - 1][0]);
});
const indexNotes = db.transaction((after) => {
  const notes = q.notes.all(after, batch);
  if (notes.length === 0) return { last: after, more: false };
  const seen = new Set();
  for (const { kind, seq } of notes) {
    if (seen.has(kind + seq)) continue;
    seen.add(kind + seq);
    if (kind === "m") {
      q.dropMessage.run(seq);
      q.indexMessage.run(seq);
    } else {
      q.dropGroupMessage.run(seq);
      q.indexGroupMessage.run(seq);
    }
  }
  const last = notes[notes.length - 1].id;
  q.backlogDone.run(last);
  return { last, more: notes.length === batch };
});

/** One batch of work; answers whether more is waiting. */
function step() {
  let state = q.state.get();
  // An index whose notes run past the database's was made for another copy of it (a restore).
  if (!checked) {
    checked = true;
    if (state && state.backlogId > q.noteSequence.get()) state = undefined;
  }
  if (!state) {
    indexed = -1;
    restart();
    return true;
  }
  if (state.messagesFrom !== null) return rebuildMessages(state.messagesFrom), true;
  if (state.groupMessagesFrom !== null) return rebuildGroupMessages(state.groupMessagesFrom), true;
  const { last, more } = indexNotes(state.backlogId);
  indexed = last;
  return more;
}

function prune() {
  if (indexed <= pruned) return;
  try {
    q.prune.run(indexed);
    pruned = indexed;
  } catch (error) {
    parentPort.postMessage({ error: "pruning the search backlog failed: " + String(error && error.message) });
  }
}

const waiting = [];
function answer() {
  for (let i = waiting.length - 1; i >= 0; i--) {
    if (indexed >= waiting[i].upTo) {
      parentPort.postMessage({ id: waiting[i].id });
      waiting.splice(i, 1);
    }
  }
}

let scheduled = false;
function schedule() {
  if (scheduled) return;
  scheduled = true;
  setImmediate(work);
}
function work() {
  scheduled = false;
  let more = false;
  try {
    more = step();
  } catch (error) {
    parentPort.postMessage({ error: "indexing failed: " + String(error && error.message) });
  }
  answer();
  if (more) schedule();
}

setInterval(schedule, workerData.pollMs);
if (workerData.checkpointMs > 0) {
  setInterval(() => {
    try {
      db.pragma("main.wal_checkpoint(PASSIVE)");
    } catch (error) {
      parentPort.postMessage({ error: "WAL checkpoint failed: " + String(error && error.message) });
    }
  }, workerData.checkpointMs);
}
if (workerData.pruneMs > 0) setInterval(prune, workerData.pruneMs);
parentPort.on("message", (message) => {
  if (message === "stop") {
    db.close();
    process.exit(0);
  }
  if (message === "poke") return schedule();
  try {
    waiting.push({ id: message.id, upTo: q.lastNote.get() });
  } catch (error) {
    parentPort.postMessage({ error: "reading the search backlog failed: " + String(error && error.message) });
    waiting.push({ id: message.id, upTo: Infinity });
  }
  schedule();
});
schedule();
parentPort.postMessage({ ready: true });
`;

export type SearchIndexer = {
  /** Something was written: index it soon (cheap; called after every message transaction). */
  poke(): void;
  /** Resolves true once every note written before the call is indexed; false after `timeoutMs`. */
  caughtUp(timeoutMs?: number): Promise<boolean>;
  /** Rows of a query on the database with the index attached as "search" (read-only). */
  read<T>(sql: string, values: unknown[]): T[];
  /** Ends the thread after its current batch, and closes the reading connection. */
  stop(): Promise<void>;
};

type Reply = { id?: number; ready?: true; error?: string };

/** Starts the indexer for the database `file` (migrated; another connection has it open in WAL mode). */
export async function startSearchIndexer(
  file: string,
  options: {
    busyTimeoutMs?: number;
    onError?: (message: string) => void;
    /** Notes, or messages while the index is built, per transaction (default 1 000). */
    batchSize?: number;
    /** How often the thread looks for notes unasked (default 50 ms). */
    pollMs?: number;
    /** How often it deletes the notes it has done (default 1 s; 0: never, for tests). */
    pruneMs?: number;
    /** How often this thread checkpoints the database's log (default 0: another thread does, see sqlite-writer.ts). */
    checkpointMs?: number;
    /** FTS5's automerge for both tables (benchmarks); kept in the index file. */
    automerge?: number;
  } = {},
): Promise<SearchIndexer> {
  const indexFile = searchIndexFile(file);
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: {
      file,
      indexFile,
      schema: INDEX_SCHEMA,
      busyTimeoutMs: options.busyTimeoutMs ?? 5_000,
      batchSize: options.batchSize ?? 1_000,
      pollMs: options.pollMs ?? 50,
      pruneMs: options.pruneMs ?? 1_000,
      automerge: options.automerge,
      checkpointMs: options.checkpointMs ?? 0,
      driver: createRequire(import.meta.url).resolve("better-sqlite3"),
    },
  });
  worker.unref();
  const waiting = new Map<number, (indexed: boolean) => void>();
  let nextId = 0;
  let failure: Error | undefined;
  let stopping = false;
  let lastPoke = 0;
  let markReady: (error?: Error) => void = () => {};
  const ready = new Promise<void>((resolve, reject) => (markReady = (error) => (error ? reject(error) : resolve())));
  worker.on("message", (reply: Reply) => {
    if (reply.ready) return markReady();
    if (reply.error) return void options.onError?.(reply.error);
    if (reply.id !== undefined) {
      waiting.get(reply.id)?.(true);
      waiting.delete(reply.id);
    }
  });
  const fail = (error: Error) => {
    failure = error;
    markReady(error);
    options.onError?.(error.message);
    for (const asker of waiting.values()) asker(false);
    waiting.clear();
  };
  worker.on("error", fail);
  const exited = new Promise<void>((resolve) =>
    worker.once("exit", () => {
      if (!stopping) fail(new Error("the search indexer stopped"));
      resolve();
    }),
  );
  await ready;

  // Opened read-only: it never takes a lock that would make a writer wait.
  const reader = new BetterSqlite3(file, { readonly: true, timeout: options.busyTimeoutMs ?? 5_000 });
  reader.prepare("ATTACH ? AS search").run(indexFile);
  const kept = new Map<string, BetterSqlite3.Statement>();
  const statement = (sql: string) => {
    let compiled = kept.get(sql);
    if (!compiled) {
      if (kept.size >= 64) kept.delete(kept.keys().next().value!);
      compiled = reader.prepare(sql);
      kept.set(sql, compiled);
    }
    return compiled;
  };

  return {
    poke() {
      const now = performance.now();
      if (failure || stopping || now - lastPoke < 5) return;
      lastPoke = now;
      worker.postMessage("poke");
    },
    caughtUp(timeoutMs = 2_000) {
      if (failure || stopping) return Promise.resolve(false);
      const id = nextId++;
      return new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => {
          waiting.delete(id);
          resolve(false);
        }, timeoutMs);
        waiting.set(id, (indexed) => {
          clearTimeout(timer);
          resolve(indexed);
        });
        worker.postMessage({ id });
      });
    },
    read<T>(sql: string, values: unknown[]) {
      return statement(sql).all(...values) as T[];
    },
    async stop() {
      stopping = true;
      worker.ref();
      worker.postMessage("stop");
      await exited;
      for (const asker of waiting.values()) asker(false);
      waiting.clear();
      reader.close();
    },
  };
}
