// The instances scenario of `npm run bench` (issue 7): the same service as 1, 2 and 3 server
// instances on PostgreSQL + Redis (socket.io Redis adapter, presence cluster, rate limits in
// Redis), beside 1 instance on SQLite (everything in-process), in one run. For each
// configuration: a fresh database (SQLite file, or a PostgreSQL database of its own, dropped
// afterwards) and a Redis key prefix of its own on the bench's own redis-server; the ring of
// presence.ts with clients spread over the instances (--placement: round-robin, or blocks of
// consecutive ring positions); then
//   connect      memory and CPU per connection (summed over the instances)
//   idle         what connected clients cost at rest (heartbeats, the 5 s session re-check)
//   fan-out      status changes on the ring: each watcher's and the last watcher's latency
//   messages     ring neighbours (2k, 2k+1, contacts) exchanging messages at an offered rate
// with, per change and per message, the Redis commands and bytes, the PostgreSQL transactions
// and rows written, and the CPU of the instances, of redis-server and of this database's
// PostgreSQL backends — the idle rate subtracted. Figures for docs/scaling.md.
import { mkdirSync } from "node:fs";
import path from "node:path";
import {
  AUTH_SECRET,
  LIFTED_LIMITS_ENV,
  children,
  clockCheck,
  forkGenerator,
  type Interference,
  ms,
  NOISY_SHARE,
  root,
  setPhase,
  sleep,
  sum,
  table,
  triple,
  watchMachine,
} from "./common";
import {
  createOwnDatabase,
  type OwnDatabase,
  type OwnRedis,
  POSTGRES_STATS_LAG_MS,
  type PostgresCounters,
  postgresDelta,
  type RedisCounters,
  redisDelta,
  startOwnRedis,
} from "./backing-services";
import { makeMessageSchedule, type ScheduledMessage } from "./im-workload";
import { absoluteNow, type ClientSpec } from "./ipc";
import { connectClients, type MessageLoadResult, runMessageLoad } from "./messaging";
import type { Options } from "./options";
import { analyseFanout, type FanoutResult, warmUp } from "./presence";
import { seedDatabase } from "./seed";
import { sampleProcess, type ServerProcess, startServerProcess } from "./server-process";
import type { Summary } from "./stats";
import { contactsOf, makeSchedule, type ScheduledChange } from "./workload";
import { serverBundlePath } from "../scripts/server-bundle";

type Configuration = { label: string; database: "sqlite" | "postgresql"; instances: number };

/**
 * What the backing services did in a window, less what they do at rest over as long. (The
 * instances' own CPU per change and per message is taken over the active window alone, without
 * the wait for PostgreSQL's counters: FanoutResult.cpuPerChangeMs, MessageLoadResult.cpuPerMessageMs.)
 */
type Costs = {
  seconds: number;
  instancesCpuMs: number;
  redis: RedisCounters | null;
  postgres: PostgresCounters | null;
};

type ConfigurationResult = {
  configuration: Configuration;
  clients: number;
  connect: { seconds: number; latencyMs: Summary; cpuPerConnectMs: number; perClientKB: number; perClientHeapAfterGcKB: number };
  /** At rest, per second, all clients connected. */
  idle: Costs;
  fanout: Omit<FanoutResult, "perChange"> & { costs: Costs; interference: Interference };
  messages: MessageLoadResult & { costs: Costs };
  serverErrorLines: number;
};

/** Idle-rate correction: a window's counters less the idle rate over the window's length. */
function net(window: Costs, idle: Costs): Costs {
  const scale = window.seconds / idle.seconds;
  const minus = <T extends Record<string, unknown>>(a: T, b: T): T =>
    Object.fromEntries(
      Object.entries(a).map(([key, value]) => [
        key,
        typeof value === "number" ? Math.max(0, value - ((b[key] as number | undefined) ?? 0) * scale) : value,
      ]),
    ) as T;
  return {
    seconds: window.seconds,
    instancesCpuMs: Math.max(0, window.instancesCpuMs - idle.instancesCpuMs * scale),
    redis:
      window.redis && idle.redis
        ? { ...minus(window.redis, idle.redis), byCommand: minus(window.redis.byCommand, idle.redis.byCommand) }
        : null,
    postgres: window.postgres && idle.postgres ? minus(window.postgres, idle.postgres) : null,
  };
}

async function runConfiguration(
  options: Options,
  configuration: Configuration,
  context: { workDir: string; redis: OwnRedis | null; runId: string },
): Promise<ConfigurationResult> {
  const { shape, rate, durationSeconds, placement } = options.instances;
  const { label } = configuration;
  // Round-robin puts a change's watchers on every instance; blocks keep most of them on its own.
  const instanceOf = (index: number, count: number) =>
    placement === "blocks" ? Math.floor((index * count) / shape.clients) : index % count;
  const log = (message: string) => console.log(`[${label}] ${message}`);
  const dir = path.join(context.workDir, label.replace(/[^a-z0-9]+/gi, "-"));
  mkdirSync(path.join(dir, "data"), { recursive: true });
  setPhase(`instances ${label}: seed`);
  let database: OwnDatabase | null = null;
  const instances: ServerProcess[] = [];
  try {
    let databaseUrl = `file:${path.join(dir, "data", "buddylist.db")}`;
    if (configuration.database === "postgresql") {
      const own = await createOwnDatabase(options.instances.postgresUrl, `bench_${context.runId}_${configuration.instances}`);
      database = own;
      databaseUrl = own.url;
      children.add(() => own.dropNow());
    }
    const users = await seedDatabase({
      databaseUrl,
      clients: shape.clients,
      contactsOf: (index) => contactsOf(index, shape),
      authSecret: AUTH_SECRET,
    });

    setPhase(`instances ${label}: start`);
    const prefix = `bench-${context.runId}-${configuration.instances}:`;
    for (let index = 0; index < configuration.instances; index++) {
      const server = await startServerProcess({
        cwd: root,
        script: serverBundlePath(),
        env: {
          NODE_ENV: "production",
          PORT: "0",
          HOST: "127.0.0.1",
          DATA_DIR: path.join(dir, "data"),
          AUTH_SECRET,
          LOG_LEVEL: options.logLevel,
          // No XMPP clients here; instances on one machine would also contend for its ports.
          XMPP_PORT: "off",
          XMPP_TLS_PORT: "off",
          ...options.metricsEnv,
          ...LIFTED_LIMITS_ENV,
          ...(configuration.database === "postgresql" ? { DATABASE_URL: databaseUrl } : {}),
          ...(context.redis && configuration.database === "postgresql"
            ? { REDIS_URL: context.redis.url, REDIS_PREFIX: prefix, INSTANCE_ID: `bench-${index}` }
            : {}),
        },
        logFile: path.join(dir, `instance-${index}.log`),
        timeoutMs: 60_000,
      });
      children.add(() => server.kill());
      instances.push(server);
    }
    const pids = instances.map((server) => server.pid);
    const urls = instances.map((server) => server.url);
    log(`${instances.length} instance(s): ${urls.join(", ")}`);
    /** The bench's Redis, when this configuration uses it. */
    const redisOf = configuration.database === "postgresql" ? context.redis : null;
    const instancesCpu = () => sum(pids.map((pid) => sampleProcess(pid).cpuMs));
    const costs = async (since: { at: number; cpu: number; redis: RedisCounters | null; postgres: PostgresCounters | null }) => {
      const [redisNow, postgresNow] = await Promise.all([redisOf?.counters() ?? null, database?.counters() ?? null]);
      return {
        seconds: (absoluteNow() - since.at) / 1000,
        instancesCpuMs: instancesCpu() - since.cpu,
        redis: since.redis && redisNow ? redisDelta(since.redis, redisNow) : null,
        postgres: since.postgres && postgresNow ? postgresDelta(since.postgres, postgresNow) : null,
      };
    };
    /** CPU of the backing services so far: redis-server, and this database's backends (the pool's connections). */
    const backingCpu = async () => {
      const [redisNow, postgresNow] = await Promise.all([redisOf?.counters() ?? null, database?.counters() ?? null]);
      return { redis: redisNow?.cpuMs ?? 0, postgres: postgresNow?.backendCpuMs ?? 0 };
    };
    const backingTotal = async () => {
      const cpu = await backingCpu();
      return cpu.redis + cpu.postgres;
    };
    /**
     * Counters over a window, the idle rate subtracted; CPU of the backing services over the
     * active part alone (`active`, read as the window's work ended: pool connections that close
     * while we wait for PostgreSQL's counters would take their CPU with them).
     */
    const windowCosts = async (since: Awaited<ReturnType<typeof mark>>, active: { redis: number; postgres: number }) => {
      const costed = net(await costs(since), idle);
      return {
        ...costed,
        redis: costed.redis ? { ...costed.redis, cpuMs: active.redis - since.backing.redis } : null,
        postgres: costed.postgres ? { ...costed.postgres, backendCpuMs: Math.max(0, active.postgres - since.backing.postgres) } : null,
      };
    };
    const mark = async () => {
      const [redisNow, postgresNow] = await Promise.all([redisOf?.counters() ?? null, database?.counters() ?? null]);
      return {
        at: absoluteNow(),
        cpu: instancesCpu(),
        redis: redisNow,
        postgres: postgresNow,
        backing: { redis: redisNow?.cpuMs ?? 0, postgres: postgresNow?.backendCpuMs ?? 0 },
      };
    };

    setPhase(`instances ${label}: warm-up`);
    for (const url of urls) await warmUp("real", url, users[shape.clients]!, null);
    await sleep(1_000);
    const idleMemory = await Promise.all(instances.map((server) => server.collectGarbage()));
    const generators = Array.from({ length: options.workers }, forkGenerator);
    await clockCheck(generators);

    setPhase(`instances ${label}: connect`);
    const specs: ClientSpec[] = users
      .slice(0, shape.clients)
      .map(({ index, username, cookie }) => ({ index, username, cookie, url: urls[instanceOf(index, urls.length)]! }));
    const connectCpu = instancesCpu();
    const connect = await connectClients({ generators, specs, url: urls[0]!, shape, concurrency: options.concurrency });
    const connectCpuMs = instancesCpu() - connectCpu;
    log(`${shape.clients} clients ready in ${connect.seconds.toFixed(2)} s`);
    await sleep(2_000);
    const loadedMemory = await Promise.all(instances.map((server) => server.collectGarbage()));

    // The connect's database counters settle, then a window at rest.
    setPhase(`instances ${label}: idle`);
    await sleep(configuration.database === "postgresql" ? POSTGRES_STATS_LAG_MS : 2_000);
    const idleStart = await mark();
    await sleep(10_000);
    const idle = await costs(idleStart);

    setPhase(`instances ${label}: fan-out`);
    const schedule: ScheduledChange[] = makeSchedule({
      ...shape,
      changes: options.changes,
      minGapMs: options.minGapMs,
      maxGapMs: options.maxGapMs,
      seed: options.seed,
    });
    const fanoutStart = await mark();
    const fanoutMachine = watchMachine();
    const startAt = absoluteNow() + 500;
    const done = generators.map((generator) => generator.next("fanout-done"));
    for (const generator of generators) generator.send({ type: "fanout", startAt, schedule, template: null, drainMs: 10_000 });
    const replies = await Promise.all(done);
    const fanoutCpuMs = instancesCpu() - fanoutStart.cpu;
    const fanoutBacking = await backingCpu();
    const fanoutInterference = fanoutMachine.end(
      fanoutCpuMs +
        fanoutBacking.redis - fanoutStart.backing.redis +
        fanoutBacking.postgres - fanoutStart.backing.postgres +
        sum(replies.map((reply) => reply.cpuMs)),
    );
    const sample = replies.find((reply) => reply.sample)?.sample;
    if (!sample) throw new Error("no notification arrived during the fan-out");
    const { perChange: _perChange, ...fanout } = analyseFanout(schedule, shape, replies, sample, fanoutCpuMs);
    if (configuration.database === "postgresql") await sleep(POSTGRES_STATS_LAG_MS);
    const fanoutCosts = await windowCosts(fanoutStart, fanoutBacking);
    log(`fan-out: last watcher p50/p99 ${ms(fanout.lastWatcherMs.p50)}/${ms(fanout.lastWatcherMs.p99)} ms, ${fanout.delivered}/${fanout.expected} delivered`);

    setPhase(`instances ${label}: messages`);
    // Every client sends once first, unmeasured: each pair's conversation exists, as in steady
    // state (a conversation's first message also announces it to both sides' tabs).
    const warmRate = Math.min(rate, 200);
    const warm = makeMessageSchedule({ clients: shape.clients, rate: warmRate, seconds: shape.clients / warmRate, seed: options.seed + 99, firstSeq: 9_000_000 });
    await runMessageLoad({ generators, serverPids: pids, schedule: warm, rate: warmRate, confirm: options.messaging.confirm, backingCpuMs: backingTotal });
    await sleep(configuration.database === "postgresql" ? POSTGRES_STATS_LAG_MS : 1_000);
    const messageSchedule: ScheduledMessage[] = makeMessageSchedule({ clients: shape.clients, rate, seconds: durationSeconds, seed: options.seed });
    const messagesStart = await mark();
    const messages = await runMessageLoad({
      generators,
      serverPids: pids,
      schedule: messageSchedule,
      rate,
      confirm: options.messaging.confirm,
      backingCpuMs: backingTotal,
    });
    const messagesBacking = await backingCpu();
    if (configuration.database === "postgresql") await sleep(POSTGRES_STATS_LAG_MS);
    const messageCosts = await windowCosts(messagesStart, messagesBacking);
    log(
      `messages: ${messages.achieved.ackedPerSecond.toFixed(0)}/s acked of ${rate}/s offered, end-to-end p50/p99 ${ms(messages.endToEndMs.p50)}/${ms(messages.endToEndMs.p99)} ms`,
    );

    setPhase(`instances ${label}: stop`);
    for (const generator of generators) generator.send({ type: "close" });
    await Promise.all(generators.map((generator) => generator.exited));
    for (const server of instances) await server.stop();
    const rss = (memory: Awaited<ReturnType<ServerProcess["collectGarbage"]>>[]) => sum(memory.map((reading) => reading.before.rss));
    const heap = (memory: Awaited<ReturnType<ServerProcess["collectGarbage"]>>[]) => sum(memory.map((reading) => reading.after.heapUsed));
    return {
      configuration,
      clients: shape.clients,
      connect: {
        seconds: connect.seconds,
        latencyMs: connect.latencyMs,
        cpuPerConnectMs: connectCpuMs / shape.clients,
        perClientKB: (rss(loadedMemory) - rss(idleMemory)) / shape.clients,
        perClientHeapAfterGcKB: (heap(loadedMemory) - heap(idleMemory)) / shape.clients,
      },
      idle,
      fanout: { ...fanout, costs: fanoutCosts, interference: fanoutInterference },
      messages: { ...messages, costs: messageCosts },
      serverErrorLines: sum(instances.map((server) => server.errorLines.length)),
    };
  } finally {
    for (const server of instances) server.kill();
    const own = database as OwnDatabase | null;
    await own?.drop().catch((error: unknown) => log(`could not drop ${own.name}: ${String(error)}`));
  }
}

export async function runInstancesScenario(options: Options, workDir: string) {
  const { counts, shape, rate, durationSeconds } = options.instances;
  const configurations: Configuration[] = [
    { label: "SQLite ×1", database: "sqlite", instances: 1 },
    ...counts.map((instances): Configuration => ({ label: `PostgreSQL + Redis ×${instances}`, database: "postgresql", instances })),
  ];
  console.log(
    `\n=== instances: ${configurations.map((configuration) => configuration.label).join(", ")}; ${shape.clients} clients × ${shape.contacts} contacts ` +
      `(${options.instances.placement} over the instances), ${options.changes} status changes, then ${rate} messages/s for ${durationSeconds} s`,
  );
  setPhase("instances: redis-server");
  const redis = await startOwnRedis(options.instances.redisServer);
  children.add(() => {
    try {
      process.kill(redis.pid, "SIGKILL");
    } catch {
      // already gone
    }
  });
  const runId = `${process.pid}_${Date.now().toString(36)}`;
  try {
    const results: ConfigurationResult[] = [];
    for (const configuration of configurations) {
      results.push(await runConfiguration(options, configuration, { workDir, redis, runId }));
    }
    reportInstances(results);
    return { configurations: results };
  } finally {
    await redis.stop();
  }
}

// --- Report -------------------------------------------------------------------------------------

const per = (value: number | undefined, count: number, digits = 1) =>
  value === undefined || !Number.isFinite(value) ? "–" : (value / count).toFixed(digits);

function reportInstances(results: ConfigurationResult[]) {
  const rows: string[][] = [["", ...results.map((result) => result.configuration.label)]];
  const row = (name: string, cell: (result: ConfigurationResult) => string) => rows.push([name, ...results.map(cell)]);
  row("connect: server RSS per connection (KB)", (result) => result.connect.perClientKB.toFixed(1));
  row("  JS heap per connection after GC (KB)", (result) => result.connect.perClientHeapAfterGcKB.toFixed(1));
  row("  server CPU per connect (ms)", (result) => result.connect.cpuPerConnectMs.toFixed(2));
  row("idle: instances' CPU (ms/s)", (result) => per(result.idle.instancesCpuMs, result.idle.seconds));
  row("  Redis commands /s", (result) => per(result.idle.redis?.commands, result.idle.seconds));
  row("  PostgreSQL transactions /s", (result) => per(result.idle.postgres?.commits, result.idle.seconds));
  row("fan-out: each watcher p50 / p99 (ms)", (result) => `${ms(result.fanout.eachWatcherMs.p50)} / ${ms(result.fanout.eachWatcherMs.p99)}`);
  row("  last watcher p50 / p99 / max (ms)", (result) => triple(result.fanout.lastWatcherMs));
  row("  delivered / expected", (result) => `${result.fanout.delivered}/${result.fanout.expected}`);
  row("  missing / duplicate / unexpected", (result) => `${result.fanout.missing} / ${result.fanout.duplicates} / ${result.fanout.unexpected}`);
  row("  per change: instances' CPU (ms)", (result) => result.fanout.cpuPerChangeMs.toFixed(2));
  row("  per change: Redis commands", (result) => per(result.fanout.costs.redis?.commands, result.fanout.changes));
  row("  per change: Redis PUBLISH", (result) => per(result.fanout.costs.redis?.byCommand.publish, result.fanout.changes));
  row("  per change: Redis bytes out (KB)", (result) => per((result.fanout.costs.redis?.netOutputBytes ?? Number.NaN) / 1024, result.fanout.changes));
  row("  per change: Redis CPU (ms)", (result) => per(result.fanout.costs.redis?.cpuMs, result.fanout.changes, 2));
  row("  per change: PG backends' CPU (ms)", (result) => per(result.fanout.costs.postgres?.backendCpuMs, result.fanout.changes, 2));
  row("  per change: PG transactions", (result) => per(result.fanout.costs.postgres?.commits, result.fanout.changes, 2));
  row("  per change: PG rows inserted + updated", (result) =>
    per((result.fanout.costs.postgres?.inserted ?? Number.NaN) + (result.fanout.costs.postgres?.updated ?? 0), result.fanout.changes, 2));
  row("  other processes' share (not the bench's Redis or PostgreSQL backends)", (result) =>
    `${(100 * result.fanout.interference.otherShare).toFixed(0)}%${result.fanout.interference.otherShare > NOISY_SHARE ? " disturbed" : ""}`);
  row("messages: offered / acked per s", (result) => `${result.messages.offeredPerSecond} / ${result.messages.achieved.ackedPerSecond.toFixed(0)}`);
  row("  end-to-end p50 / p99 / max (ms)", (result) => triple(result.messages.endToEndMs));
  row("  latency bounded", (result) => (result.messages.bounded ? "yes" : "NO"));
  row("  missing / duplicate / refused", (result) => `${result.messages.missing} / ${result.messages.duplicates} / ${result.messages.errors.length}`);
  row("  per message: instances' CPU (ms)", (result) => result.messages.cpuPerMessageMs.toFixed(2));
  row("  per message: Redis commands", (result) => per(result.messages.costs.redis?.commands, result.messages.messages));
  row("  per message: Redis PUBLISH", (result) => per(result.messages.costs.redis?.byCommand.publish, result.messages.messages));
  row("  per message: Redis CPU (ms)", (result) => per(result.messages.costs.redis?.cpuMs, result.messages.messages, 3));
  row("  per message: PG transactions", (result) => per(result.messages.costs.postgres?.commits, result.messages.messages, 2));
  row("  per message: PG rows inserted / updated", (result) =>
    result.messages.costs.postgres
      ? `${per(result.messages.costs.postgres.inserted, result.messages.messages, 2)} / ${per(result.messages.costs.postgres.updated, result.messages.messages, 2)}`
      : "–");
  row("  per message: PG backends' CPU (ms)", (result) => per(result.messages.costs.postgres?.backendCpuMs, result.messages.messages, 3));
  row("  other processes' share", (result) =>
    `${(100 * result.messages.interference.otherShare).toFixed(0)}%${result.messages.interference.otherShare > NOISY_SHARE ? " disturbed" : ""}`);
  console.log(`\n${table(rows)}`);
  const redisCommands = (costs: Costs, count: number) =>
    Object.entries(costs.redis?.byCommand ?? {})
      .sort((a, b) => b[1] - a[1])
      .slice(0, 8)
      .map(([name, calls]) => `${name} ${(calls / count).toFixed(1)}`)
      .join(", ");
  for (const result of results.filter((result) => result.fanout.costs.redis)) {
    console.log(
      `${result.configuration.label}: Redis per change: ${redisCommands(result.fanout.costs, result.fanout.changes)}; per message: ${redisCommands(result.messages.costs, result.messages.messages)}`,
    );
  }
  for (const result of results.filter((result) => result.serverErrorLines > 0)) {
    console.log(`${result.configuration.label}: ${result.serverErrorLines} error lines in the instances' logs`);
  }
}
