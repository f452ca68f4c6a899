// Where the messaging tail comes from, without the server: sends through the real message store
// (group commit, the search backlog's triggers, the search indexer's thread) at a steady rate on a copy of search-probe.ts's seeded database
// (1 000 000 messages), with the event loop's stalls recorded — every gap of a 1 ms timer longer
// than 10 ms, with what the store was doing then. A send's latency here is the store's share
// of a message's end-to-end time.
//
//   npx tsx bench/send-stalls.ts [--db .tmp/search-bench.db] [--rate 1000] [--seconds 20]
//                                [--fts-automerge N] [--writer on|off] [--checkpoint-ms 100]
// --writer off writes on the event loop's own connection, as before stop 30, instead of on the
// writer thread the server uses (lib/db/sqlite-writer.ts). --fts-automerge sets the copy's FTS5 automerge (FTS5's default, kept by the migrations, is 4),
// to see what the index's merges cost the tail. The copy is migrated; its search index (in its
// own file since stop 30) is copied too when `<db>-search.db` exists, otherwise built before
// the run starts (search-probe.ts builds and keeps it). Put the database on tmpfs (/dev/shm) to leave
// the disk's share out.
import { copyFileSync, existsSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import type BetterSqlite3 from "better-sqlite3";
import { randomUUID } from "node:crypto";
import path from "node:path";
import { parseArgs } from "node:util";
import { createDb, prepareDatabase } from "@/lib/db/client";
import { applyMigrations } from "@/lib/db/migrate";
import { createPrismaStorage } from "@/lib/db/prisma-storage";
import { setSearchIndexer } from "@/lib/db/search-index";
import { searchIndexFile, startSearchIndexer } from "@/lib/db/search-indexer";
import { startSqliteWriter } from "@/lib/db/sqlite-writer";
import { setWriter } from "@/lib/db/transactions";
import { partnerOf } from "./im-workload";
import type { SeededUser } from "./seed";
import { summarize } from "./stats";

const { values } = parseArgs({
  options: {
    db: { type: "string", default: ".tmp/search-bench.db" },
    rate: { type: "string", default: "1000" },
    seconds: { type: "string", default: "20" },
    /** FTS5's automerge setting on the copy (0 leaves only crisis merges). */
    "fts-automerge": { type: "string" },
    writer: { type: "string", default: "on" },
    /** How often the writer thread checkpoints the log (the server's 100 ms by default). */
    "checkpoint-ms": { type: "string", default: "100" },
    /** Which thread checkpoints: "indexer" (as the server) or "writer". */
    checkpoints: { type: "string", default: "indexer" },
  },
});
const source = path.resolve(values.db);
if (!existsSync(`${source}.json`)) throw new Error(`${source} is not seeded: run npx tsx bench/search-probe.ts first`);
const { users } = JSON.parse(readFileSync(`${source}.json`, "utf8")) as { users: SeededUser[] };
const file = `${source}.stalls-copy`;
const removeCopy = () => {
  for (const name of [file, searchIndexFile(file)]) for (const suffix of ["", "-wal", "-shm"]) rmSync(`${name}${suffix}`, { force: true });
};
removeCopy();
copyFileSync(source, file);
if (existsSync(searchIndexFile(source))) copyFileSync(searchIndexFile(source), searchIndexFile(file));

// Every better-sqlite3 call that takes more than 5 ms on this thread, with its SQL.
const slowStatements: { at: number; ms: number; sql: string }[] = [];
{
  const Database = createRequire(import.meta.url)("better-sqlite3") as typeof BetterSqlite3;
  const probe = new Database(":memory:");
  const statement = Object.getPrototypeOf(probe.prepare("SELECT 1")) as Record<string, (...args: unknown[]) => unknown>;
  probe.close();
  const timed = (target: Record<string, (...args: unknown[]) => unknown>, name: string, sqlOf: (self: unknown, args: unknown[]) => string) => {
    const original = target[name]!;
    target[name] = function (this: unknown, ...args: unknown[]) {
      const at = performance.now();
      try {
        return original.apply(this, args);
      } finally {
        const ms = performance.now() - at;
        if (ms > 5) slowStatements.push({ at: Math.round(at), ms, sql: sqlOf(this, args).slice(0, 120) });
      }
    };
  };
  for (const name of ["run", "all", "get"]) timed(statement, name, (self) => (self as { source: string }).source);
  timed(Database.prototype as never, "exec", (_self, args) => String(args[0]));
}

const url = `file:${file}`;
await applyMigrations(url);
const db = createDb(url);
await prepareDatabase(db, url);
const checkpointMs = Number(values["checkpoint-ms"]);
const indexer = await startSearchIndexer(file, {
  checkpointMs: values.checkpoints === "indexer" ? checkpointMs : 0,
  automerge: values["fts-automerge"] === undefined ? undefined : Number(values["fts-automerge"]),
  onError: (message) => console.error(message),
});
setSearchIndexer(db, indexer);
{
  const at = performance.now();
  while (!(await indexer.caughtUp(60_000))) console.error("building the search index…");
  if (performance.now() - at > 1_000) console.error(`search index caught up in ${((performance.now() - at) / 1000).toFixed(1)} s`);
}
// Off, the thread still checkpoints; the writes stay on this one. On, each transaction's time
// (asked to answered): what a send queued behind it waits.
const transactions: number[] = [];
const writer = await startSqliteWriter(db, file, {
  timer: (_operation, seconds) => transactions.push(seconds * 1000),
  checkpointMs: values.checkpoints === "writer" ? checkpointMs : 0,
});
if (values.writer !== "off") setWriter(db, writer);
const storage = createPrismaStorage(db, "sqlite");

const rate = Number(values.rate);
const seconds = Number(values.seconds);
const perTick = Math.max(1, Math.round(rate / 100)); // a tick every 10 ms
const latencies: number[] = [];
const stalls: { at: number; ms: number }[] = [];
let sent = 0;

// The event loop's stalls: a 1 ms timer that fires late by more than 10 ms was blocked.
let last = performance.now();
const lag = setInterval(() => {
  const now = performance.now();
  if (now - last > 11) stalls.push({ at: Math.round(now), ms: now - last - 1 });
  last = now;
}, 1);

async function send(index: number) {
  const from = users[index % users.length]!;
  const to = users[partnerOf(index % users.length)]!;
  const at = performance.now();
  await storage.messages.add(
    { id: randomUUID(), senderId: from.id, recipientId: to.id, clientId: randomUUID(), body: `hello ${index} kalo lol mine`, sentAt: new Date() },
    "accepted",
  );
  latencies.push(performance.now() - at);
}

const pending: Promise<void>[] = [];
const started = performance.now();
const cpuBefore = process.cpuUsage();
await new Promise<void>((resolve) => {
  const ticker = setInterval(() => {
    for (let k = 0; k < perTick; k++) pending.push(send(sent++));
    if (sent >= rate * seconds) {
      clearInterval(ticker);
      resolve();
    }
  }, 10);
});
await Promise.all(pending);
const elapsed = (performance.now() - started) / 1000;
const cpu = process.cpuUsage(cpuBefore);
clearInterval(lag);
// How far the index lagged behind when the sends stopped.
const catchUpAt = performance.now();
await indexer.caughtUp(60_000);
const indexCatchUpMs = performance.now() - catchUpAt;

const summary = summarize(latencies);
const stalled = stalls.map((stall) => stall.ms);
console.log(
  JSON.stringify({
    ftsAutomerge: values["fts-automerge"] ?? "as stored",
    writer: values.writer,
    sends: latencies.length,
    // Below --rate when the store (or, writing on the event loop, the loop itself) fell behind.
    achievedPerSecond: Math.round(latencies.length / elapsed),
    // Every thread of the process: the event loop, the writer and the indexer.
    cpuMsPerSend: (cpu.user + cpu.system) / 1000 / latencies.length,
    sendMs: { p50: summary.p50, p99: summary.p99, max: summary.max },
    writerTransactions: transactions.length,
    writerTransactionMs: (({ p50, p99, max }) => ({ p50, p99, max }))(summarize(transactions)),
    writerTransactionsOver20ms: transactions.filter((ms) => ms > 20).length,
    indexCatchUpMs,
    stallsOver10ms: stalls.length,
    stallMsTotal: stalled.reduce((a, b) => a + b, 0),
    worstStalls: [...stalls].sort((a, b) => b.ms - a.ms).slice(0, 10),
    slowStatements: slowStatements.length,
    worstStatements: [...slowStatements].sort((a, b) => b.ms - a.ms).slice(0, 10),
  }),
);
await writer.stop();
await indexer.stop();
await db.$disconnect();
removeCopy();
