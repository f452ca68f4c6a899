// What a connect costs the services, in-process and without sockets: the session, the device
// tuple (and its fan-out to the contacts connected before), and the three snapshots, for
// `--clients` accounts on the presence scenario's ring, `--concurrency` at a time as the bench's
// handshakes arrive. Prints CPU per connect (process.cpuUsage, less noisy on a shared machine
// than the bench's wall clock), SQL statements per connect by text, and the JS heap held per
// connected account after a full GC. Run with `node --expose-gc --import tsx bench/connect-cost.ts`
// (`--messages 200000`: accounts with conversations, whose inbox snapshots then list them).
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import Database from "better-sqlite3";

const { values: options } = parseArgs({
  options: {
    clients: { type: "string", default: "2000" },
    contacts: { type: "string", default: "50" },
    concurrency: { type: "string", default: "50" },
    statements: { type: "boolean", default: false },
    /** Messages stored among the accounts first (bench/stored-messages.ts: each account then has ~10 conversations to list). */
    messages: { type: "string", default: "0" },
    /** Sessions last used this many minutes ago: each connect then extends its session (a restart's reconnects). */
    "sessions-used": { type: "string", default: "0" },
    /** Writes the measured window (CLOCK_MONOTONIC µs, a CPU profile's clock) for profile-summary.ts --results. */
    window: { type: "string" },
  },
});
const clients = Number(options.clients);
const contacts = Number(options.contacts);
const concurrency = Number(options.concurrency);

const root = path.resolve(import.meta.dirname, "..");
const dataDir = mkdtempSync(path.join(root, ".tmp", "connect-cost-"));
process.on("exit", () => rmSync(dataDir, { recursive: true, force: true }));
const env = process.env as Record<string, string>;
env.NODE_ENV = "production";
env.DATA_DIR = dataDir;
env.DATABASE_URL ??= `file:${path.join(dataDir, "buddylist.db")}`;
env.AUTH_SECRET = "connect-cost secret, at least thirty-two characters";
env.LOG_LEVEL = "silent";

// Counts and times every statement SQLite runs, by its text (Prisma's and raw ones alike).
const counts = new Map<string, number>();
const times = new Map<string, number>();
const probe = new Database(":memory:");
const statementPrototype = Object.getPrototypeOf(probe.prepare("SELECT 1")) as Record<string, (...args: unknown[]) => unknown>;
probe.close();
for (const method of ["all", "run", "get", "iterate"]) {
  const original = statementPrototype[method]!;
  statementPrototype[method] = function (this: { source: string }, ...args: unknown[]) {
    counts.set(this.source, (counts.get(this.source) ?? 0) + 1);
    const started = performance.now();
    try {
      return original.apply(this, args);
    } finally {
      times.set(this.source, (times.get(this.source) ?? 0) + performance.now() - started);
    }
  };
}

const { getEnv } = await import("../lib/env");
const { createDb, prepareDatabase } = await import("../lib/db/client");
const { createLogger } = await import("../lib/log");
const { createServices } = await import("../lib/services");
const { seedDatabase } = await import("./seed");
const { contactsOf } = await import("./workload");

const serverEnv = getEnv();
const users = await seedDatabase({
  databaseUrl: serverEnv.DATABASE_URL,
  clients,
  contactsOf: (index) => contactsOf(index, { clients, contacts }),
  authSecret: serverEnv.AUTH_SECRET,
});
if (Number(options.messages) > 0) {
  const { seedStoredMessages } = await import("./stored-messages");
  const corpus = seedStoredMessages({
    databasePath: serverEnv.DATABASE_URL.slice("file:".length),
    users: users.slice(0, clients),
    total: Number(options.messages),
    big: 0,
    seed: 1,
  });
  console.log(`${corpus.total} messages in ${corpus.conversations} conversations stored`);
}
if (Number(options["sessions-used"]) > 0 && serverEnv.DATABASE_URL.startsWith("file:")) {
  const seeded = new Database(serverEnv.DATABASE_URL.slice("file:".length));
  const usedAt = new Date(Date.now() - Number(options["sessions-used"]) * 60_000).toISOString().replace("Z", "+00:00");
  seeded.prepare('UPDATE "Session" SET "lastActiveAt" = ?').run(usedAt);
  seeded.close();
}
const db = createDb(serverEnv.DATABASE_URL);
await prepareDatabase(db, serverEnv.DATABASE_URL);
const services = createServices({ db, env: serverEnv, logger: createLogger("silent") });

/** One connect as lib/realtime does it, less the socket. */
async function connect(sessionId: string) {
  const user = await services.accounts.resolveSession(sessionId);
  if (!user) throw new Error("no session");
  await services.presence.connectDevice(user, { label: "bench" });
  await services.subscriptions.snapshot(user.id);
  await services.inbox.snapshot(user);
  await services.groups.snapshot(user);
}

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error("run with node --expose-gc");
// Warm-up: the account outside the ring, so code is compiled before the measured window.
await connect(users[clients]!.sessionId);
gc();
const heapBefore = process.memoryUsage().heapUsed;
counts.clear();
times.clear();
const cpuBefore = process.cpuUsage();
const started = performance.now();
const startedUs = Number(process.hrtime.bigint() / 1000n);
for (let start = 0; start < clients; start += concurrency) {
  await Promise.all(users.slice(start, Math.min(start + concurrency, clients)).map((user) => connect(user.sessionId)));
}
const elapsed = performance.now() - started;
const cpu = process.cpuUsage(cpuBefore);
if (options.window) {
  writeFileSync(options.window, JSON.stringify({ real: { windowsUs: { connect: [startedUs, Number(process.hrtime.bigint() / 1000n)] } } }));
}
const statements = [...counts.values()].reduce((sum, count) => sum + count, 0);
gc();
gc();
const heapAfter = process.memoryUsage().heapUsed;

console.log(`${clients} connects, ${concurrency} at a time: ${(elapsed / 1000).toFixed(2)} s`);
console.log(`CPU per connect: ${((cpu.user + cpu.system) / 1000 / clients).toFixed(3)} ms (user ${(cpu.user / 1000 / clients).toFixed(3)})`);
console.log(`SQL statements per connect: ${(statements / clients).toFixed(2)}`);
console.log(`JS heap held per connected account after GC: ${((heapAfter - heapBefore) / 1024 / clients).toFixed(2)} KB`);
if (options.statements) {
  for (const [sql, count] of [...counts].sort((a, b) => b[1] - a[1])) {
    const ms = (times.get(sql) ?? 0) / count;
    console.log(`${String(count).padStart(7)} ${ms.toFixed(3).padStart(7)} ms  ${sql.replace(/\s+/g, " ").slice(0, 220)}`);
  }
}
await db.$disconnect();
process.exit(0);
