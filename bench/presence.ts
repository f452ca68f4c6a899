// The presence scenario of `npm run bench`: fan-out of the real server against a bare
// socket.io floor.
//
// The shape the reference XMPP server (Prosody) was measured with: N clients on a ring, each
// with `contacts` mutual contacts (active subscriptions both ways), then status changes from
// random users at a random 20–50 ms pace, each of which must reach all its watchers.
// Phases, one after the other, never overlapping: seed SQLite → real server (production
// build, server.ts as a child process) → bare socket.io server (bench/bare-server.ts) with the
// same clients, schedule and notification bytes. The clients live in forked generator
// processes (bench/load-clients.ts); the orchestrator only coordinates, measures the server's
// /proc figures, and does the arithmetic.
import path from "node:path";
import { io, type Socket } from "socket.io-client";
import {
  AUTH_SECRET,
  LIFTED_LIMITS_ENV,
  children,
  clockCheck,
  forkGenerator,
  type Interference,
  monotonicUs,
  NOISY_SHARE,
  ratio,
  root,
  seconds,
  setPhase,
  sleep,
  sum,
  table,
  triple,
  watchMachine,
} from "./common";
import { absoluteNow, type ClientSpec, type Mode, type Receipt, type SendRecord, type WorkerReply } from "./ipc";
import type { Options } from "./options";
import { BENCH_PASSWORD, type SeededUser, SESSION_COOKIE, seedDatabase } from "./seed";
import { sampleProcess, type ServerProcess, startServerProcess } from "./server-process";
import { type Summary, summarize } from "./stats";
import { BENCH_AVAILABILITY, bareView, contactsOf, makeSchedule, type ScheduledChange, type Shape } from "./workload";
import type { PresenceView } from "@/lib/protocol/presence";
import { serverBundlePath } from "../scripts/server-bundle";
// --- Measurements ---------------------------------------------------------------------------------

export type FanoutResult = {
  changes: number;
  watchersPerChange: number;
  /** Time from just before the emit to each watcher's notification. */
  eachWatcherMs: Summary;
  /** Per change, time to the last of its watchers (changes that reached all of them). */
  lastWatcherMs: Summary;
  /** The sender's own round trip (command → acknowledgement). */
  ackMs: Summary;
  expected: number;
  delivered: number;
  missing: number;
  duplicates: number;
  unexpected: number;
  /** Notifications of a change to its sender's own socket (the real server tells the owner's tabs). */
  selfNotifications: number;
  sendErrors: string[];
  droppedSockets: number;
  notificationBytes: number;
  serverCpuMs: number;
  cpuPerChangeMs: number;
  cpuPerNotificationUs: number;
  /** Each change in schedule order, to look at stalls: sent at (ms after the first send), last watcher, ack. */
  perChange: { seq: number; sender: number; sentMs: number | null; lastWatcherMs: number | null; ackMs: number | null }[];
};

export function analyseFanout(
  schedule: ScheduledChange[],
  shape: Shape,
  replies: Extract<WorkerReply, { type: "fanout-done" }>[],
  sample: PresenceView,
  serverCpuMs: number,
): FanoutResult {
  const sends = new Map<number, SendRecord>();
  for (const send of replies.flatMap((reply) => reply.sends)) sends.set(send.seq, send);
  const receipts: Receipt[] = replies.flatMap((reply) => reply.receipts);
  const bySeq = new Map<number, Map<number, number[]>>();
  for (const [seq, receiver, at] of receipts) {
    let receivers = bySeq.get(seq);
    if (!receivers) bySeq.set(seq, (receivers = new Map()));
    receivers.set(receiver, [...(receivers.get(receiver) ?? []), at]);
  }

  const each: number[] = [];
  const last: number[] = [];
  let missing = 0;
  let duplicates = 0;
  let unexpected = 0;
  let selfNotifications = 0;
  const firstSentAt = Math.min(...[...sends.values()].map((send) => send.sentAt));
  const perChange: FanoutResult["perChange"] = [];
  for (const change of schedule) {
    const send = sends.get(change.seq);
    const watchers = new Set(contactsOf(change.sender, shape));
    const receivers = bySeq.get(change.seq) ?? new Map<number, number[]>();
    let latest = Number.NEGATIVE_INFINITY;
    for (const [receiver, times] of receivers) {
      if (receiver === change.sender) {
        selfNotifications += times.length;
        continue;
      }
      if (!watchers.has(receiver)) {
        unexpected += times.length;
        continue;
      }
      duplicates += times.length - 1;
      if (!send) continue;
      const latency = times[0]! - send.sentAt;
      each.push(latency);
      latest = Math.max(latest, latency);
    }
    const reached = [...watchers].filter((watcher) => receivers.has(watcher)).length;
    missing += watchers.size - reached;
    const complete = reached === watchers.size && send !== undefined;
    if (complete) last.push(latest);
    perChange.push({
      seq: change.seq,
      sender: change.sender,
      sentMs: send ? send.sentAt - firstSentAt : null,
      lastWatcherMs: complete ? latest : null,
      ackMs: send && send.ackedAt !== null ? send.ackedAt - send.sentAt : null,
    });
  }
  const expected = schedule.length * shape.contacts;
  return {
    changes: schedule.length,
    watchersPerChange: shape.contacts,
    eachWatcherMs: summarize(each),
    lastWatcherMs: summarize(last),
    ackMs: summarize([...sends.values()].filter((send) => send.ackedAt !== null).map((send) => send.ackedAt! - send.sentAt)),
    expected,
    delivered: each.length,
    missing,
    duplicates,
    unexpected,
    selfNotifications,
    sendErrors: [...sends.values()].filter((send) => send.error !== null).map((send) => `#${send.seq}: ${send.error}`),
    droppedSockets: replies.reduce((sum, reply) => sum + reply.dropped, 0),
    // What goes over the wire per watcher: the socket.io packet `42["presence:changed",{…}]`.
    notificationBytes: Buffer.byteLength(`42${JSON.stringify(["presence:changed", sample])}`),
    serverCpuMs,
    cpuPerChangeMs: serverCpuMs / schedule.length,
    cpuPerNotificationUs: (serverCpuMs * 1000) / expected,
    perChange,
  };
}

export type PhaseResult = {
  server: string;
  connect: {
    clients: number;
    seconds: number;
    perSecond: number;
    latencyMs: Summary;
    serverCpuMs: number;
    cpuPerConnectMs: number;
    /** CPU each generator process used meanwhile. */
    generatorCpuMs: number[];
  };
  /**
   * Server memory in KB before the clients connect (after warm-up) and once they all are:
   * RSS as it is (what the target means), the V8 heap as it is (RSS's share that is JS heap,
   * live or garbage), and the JS heap still in use after a forced full GC (what clients hold).
   */
  memory: {
    rssBeforeKB: number;
    rssAfterKB: number;
    perClientKB: number;
    /** RSS growth per client with the garbage collected first: what clients really cost. */
    perClientRssAfterGcKB: number;
    heapTotalBeforeKB: number;
    heapTotalAfterKB: number;
    perClientHeapTotalKB: number;
    heapUsedAfterGcBeforeKB: number;
    heapUsedAfterGcAfterKB: number;
    perClientHeapAfterGcKB: number;
    rssAfterFanoutKB: number;
    /** Connected, then after the fan-out, garbage collected first: whether memory stayed flat. */
    rssConnectedGcKB: number;
    rssAfterFanoutGcKB: number;
    heapUsedAfterGcAfterFanoutKB: number;
    /** Server RSS during the fan-out, every MEMORY_SAMPLE_MS: [ms since the first change was due, KB]. */
    rssDuringFanoutKB: [number, number][];
  };
  fanout: FanoutResult & { generatorCpuMs: number[] };
  signIns: { count: number; concurrency: number; seconds: number; perSecond: number; failures: number } | null;
  serverErrorLines: number;
  clock: { worstOffsetMs: number; worstUncertaintyMs: number };
  /**
   * When connect and fan-out ran, in µs of CLOCK_MONOTONIC: the clock of V8's CPU profiles, so a
   * --profile run's .cpuprofile can be cut into phases (bench/profile-summary.ts).
   */
  windowsUs: { connect: [number, number]; fanout: [number, number] };
  interference: { connect: Interference; fanout: Interference };
};

// --- HTTP sign-in and warm-up -----------------------------------------------------------------

/** A password sign-in through Auth.js, as a browser does it (see tests/integration/harness.ts). */
export async function signIn(url: string, username: string): Promise<boolean> {
  const csrf = await fetch(`${url}/api/auth/csrf`);
  const cookie = csrf.headers
    .getSetCookie()
    .map((line) => line.split(";")[0])
    .join("; ");
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const response = await fetch(`${url}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie },
    body: new URLSearchParams({ username, password: BENCH_PASSWORD, csrfToken, callbackUrl: url }),
  });
  await response.arrayBuffer();
  return response.headers.getSetCookie().some((line) => line.startsWith(`${SESSION_COOKIE}=`) && !/=;/.test(line));
}

export async function signInMany(url: string, users: SeededUser[], concurrency: number) {
  let next = 0;
  let failures = 0;
  const started = absoluteNow();
  await Promise.all(
    Array.from({ length: Math.min(concurrency, users.length) }, async () => {
      while (next < users.length) {
        if (!(await signIn(url, users[next++]!.username))) failures += 1;
      }
    }),
  );
  const seconds = (absoluteNow() - started) / 1000;
  return { count: users.length, concurrency, seconds, perSecond: users.length / seconds, failures };
}

/**
 * One client outside the ring connects, sets a status and leaves, so the code paths the
 * measured phase uses (handshake, auth, snapshot, a command, a fan-out) are loaded and
 * compiled before the "before" memory reading. Real mode also signs in once over HTTP.
 */
export async function warmUp(mode: Mode, url: string, warmUser: SeededUser, template: PresenceView | null) {
  if (mode === "real" && !(await signIn(url, warmUser.username))) throw new Error("warm-up sign-in failed");
  const socket: Socket = io(url, {
    transports: ["websocket"],
    reconnection: false,
    forceNew: true,
    ...(mode === "real" ? { extraHeaders: { cookie: warmUser.cookie } } : { query: { i: String(warmUser.index) } }),
  });
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("warm-up client not ready within 30 s")), 30_000);
      const fail = (reason: string) => {
        clearTimeout(timer);
        reject(new Error(`warm-up client: ${reason}`));
      };
      socket.once("connect_error", (error) => fail(`connect_error ${error.message}`));
      socket.once("disconnect", (reason) => fail(`disconnected (${reason})`));
      socket.once(mode === "real" ? "buddylist:snapshot" : "connect", () => {
        clearTimeout(timer);
        resolve();
      });
    });
    const [event, payload] =
      mode === "real"
        ? ["presence:set-status", { availability: BENCH_AVAILABILITY, note: "warming up" }]
        : ["status", bareView(template!, warmUser.username, "warming up")];
    const ack = (await socket.timeout(10_000).emitWithAck(event, payload)) as { ok: boolean; error?: unknown };
    if (!ack.ok) throw new Error(`warm-up ${event} refused: ${JSON.stringify(ack.error)}`);
  } finally {
    socket.removeAllListeners();
    socket.close();
  }
}

// --- One phase --------------------------------------------------------------------------------

/** How often the server's RSS is read during the fan-out. */
const MEMORY_SAMPLE_MS = 10_000;

const LABELS: Record<Mode, string> = { real: "buddylist", bare: "bare socket.io" };

type PhaseContext = {
  workDir: string;
  users: SeededUser[];
  schedule: ScheduledChange[];
  /** Bare phase: the real server's notification to replay. */
  template: PresenceView | null;
};

async function runPhase(
  mode: Mode,
  options: Options,
  context: PhaseContext,
): Promise<{ result: PhaseResult; sample: PresenceView }> {
  const { shape } = options;
  const label = LABELS[mode];
  const log = (message: string) => console.log(`[${label}] ${message}`);
  setPhase(`${label}: start`);
  const server: ServerProcess = await startServerProcess({
    cwd: root,
    script: mode === "real" ? serverBundlePath() : "bench/bare-server.ts",
    nodeArgs: [...options.serverNodeArgs, ...(options.profile ? ["--cpu-prof", `--cpu-prof-dir=${path.join(context.workDir, "profiles", mode)}`] : [])],
    env:
      mode === "real"
        ? {
            NODE_ENV: "production",
            PORT: "0",
            HOST: "127.0.0.1",
            DATA_DIR: path.join(context.workDir, "data"),
            AUTH_SECRET,
            LOG_LEVEL: options.logLevel,
            ...options.metricsEnv,
            ...LIFTED_LIMITS_ENV,
          }
        : { PORT: "0", HOST: "127.0.0.1", BENCH_CLIENTS: String(shape.clients), BENCH_CONTACTS: String(shape.contacts) },
    logFile: path.join(context.workDir, `${mode}-server.log`),
    timeoutMs: 60_000,
  });
  children.add(() => server.kill());
  log(`server pid ${server.pid} at ${server.url}`);
  try {
    return await measure(mode, options, context, server);
  } catch (error) {
    // The server's own complaint is usually the real cause: show the first one.
    const first = server.errorLines[0];
    throw new Error(
      `${(error as Error).message}\nserver log: ${path.relative(root, path.join(context.workDir, `${mode}-server.log`))}` +
        (first ? `\nfirst error the server logged: ${first.slice(0, 600)}` : ""),
    );
  }
}

/** One phase against a started server: warm-up, connect, memory, fan-out, sign-ins, stop. */
async function measure(
  mode: Mode,
  options: Options,
  context: PhaseContext,
  server: ServerProcess,
): Promise<{ result: PhaseResult; sample: PresenceView }> {
  const { shape } = options;
  const label = LABELS[mode];
  const log = (message: string) => console.log(`[${label}] ${message}`);

  setPhase(`${label}: warm-up`);
  await warmUp(mode, server.url, context.users[shape.clients]!, context.template);
  await sleep(1_000);
  const idle = await server.collectGarbage();

  const generators = Array.from({ length: options.workers }, forkGenerator);
  const clock = await clockCheck(generators);

  setPhase(`${label}: connect`);
  // Contiguous blocks: a change's watchers (its ring neighbours) mostly live in the sender's
  // own process; with random senders, each process still gets an equal share of the traffic.
  const specs: ClientSpec[] = context.users.slice(0, shape.clients).map(({ index, username, cookie }) => ({ index, username, cookie }));
  const perWorker = Math.ceil(shape.clients / options.workers);
  const connected = generators.map((generator) => generator.next("connected"));
  const connectStartUs = monotonicUs();
  const connectCpuStart = sampleProcess(server.pid).cpuMs;
  const connectMachine = watchMachine();
  generators.forEach((generator, worker) =>
    generator.send({
      type: "connect",
      mode,
      url: server.url,
      shape,
      clients: specs.slice(worker * perWorker, (worker + 1) * perWorker),
      concurrency: Math.ceil(options.concurrency / options.workers),
      timeoutMs: 60_000,
    }),
  );
  const connects = await Promise.all(connected);
  const afterConnect = sampleProcess(server.pid);
  const connectEndUs = monotonicUs();
  const connectInterference = connectMachine.end(
    afterConnect.cpuMs - connectCpuStart + sum(connects.map((reply) => reply.cpuMs)),
  );
  const errors = connects.flatMap((reply) => reply.errors);
  if (errors.length > 0) throw new Error(`${errors.length} clients failed to connect, e.g.\n  ${errors.slice(0, 5).join("\n  ")}`);
  const connectSeconds =
    (Math.max(...connects.map((reply) => reply.finishedAt)) - Math.min(...connects.map((reply) => reply.startedAt))) / 1000;
  log(`${shape.clients} clients ready in ${connectSeconds.toFixed(2)} s`);

  // Let the connect-time notifications (each device opening tells its online watchers) drain.
  await sleep(2_000);
  const loaded = await server.collectGarbage();

  setPhase(`${label}: fan-out`);
  const startAt = absoluteNow() + 500;
  const done = generators.map((generator) => generator.next("fanout-done"));
  const cpuBefore = sampleProcess(server.pid).cpuMs;
  const fanoutStartUs = monotonicUs();
  const fanoutMachine = watchMachine();
  for (const generator of generators) {
    generator.send({ type: "fanout", startAt, schedule: context.schedule, template: context.template, drainMs: 10_000 });
  }
  // Reading /proc only (a forced GC would stall the changes being timed).
  const rssDuringFanoutKB: [number, number][] = [];
  const memorySampler = setInterval(() => rssDuringFanoutKB.push([absoluteNow() - startAt, sampleProcess(server.pid).rssKB]), MEMORY_SAMPLE_MS);
  const fanoutReplies = await Promise.all(done);
  clearInterval(memorySampler);
  const cpuAfter = sampleProcess(server.pid).cpuMs;
  const fanoutEndUs = monotonicUs();
  const fanoutInterference = fanoutMachine.end(cpuAfter - cpuBefore + sum(fanoutReplies.map((reply) => reply.cpuMs)));
  const sample = context.template ?? fanoutReplies.find((reply) => reply.sample)?.sample;
  if (!sample) throw new Error("no notification arrived during the fan-out");
  const fanout = analyseFanout(context.schedule, shape, fanoutReplies, sample, cpuAfter - cpuBefore);
  const afterFanout = sampleProcess(server.pid);
  const fannedOut = await server.collectGarbage();
  log(
    `fan-out: last watcher p99 ${fanout.lastWatcherMs.p99.toFixed(1)} ms, ${fanout.delivered}/${fanout.expected} delivered`,
  );

  let signIns: PhaseResult["signIns"] = null;
  if (mode === "real" && options.signIns > 0) {
    setPhase(`${label}: sign-ins`);
    signIns = await signInMany(server.url, context.users.slice(0, options.signIns), options.signInConcurrency);
    log(`${signIns.count} HTTP sign-ins in ${signIns.seconds.toFixed(2)} s`);
  }

  setPhase(`${label}: stop`);
  for (const generator of generators) generator.send({ type: "close" });
  await Promise.all(generators.map((generator) => generator.exited));
  const code = await server.stop();
  if (code !== 0) log(`server exited with code ${code}`);

  const connectCpuMs = afterConnect.cpuMs - connectCpuStart;
  return {
    sample,
    result: {
      server: label,
      connect: {
        clients: shape.clients,
        seconds: connectSeconds,
        perSecond: shape.clients / connectSeconds,
        latencyMs: summarize(connects.flatMap((reply) => reply.latenciesMs)),
        serverCpuMs: connectCpuMs,
        cpuPerConnectMs: connectCpuMs / shape.clients,
        generatorCpuMs: connects.map((reply) => reply.cpuMs),
      },
      memory: {
        rssBeforeKB: idle.before.rss,
        rssAfterKB: loaded.before.rss,
        perClientKB: (loaded.before.rss - idle.before.rss) / shape.clients,
        perClientRssAfterGcKB: (loaded.after.rss - idle.after.rss) / shape.clients,
        heapTotalBeforeKB: idle.before.heapTotal,
        heapTotalAfterKB: loaded.before.heapTotal,
        perClientHeapTotalKB: (loaded.before.heapTotal - idle.before.heapTotal) / shape.clients,
        heapUsedAfterGcBeforeKB: idle.after.heapUsed,
        heapUsedAfterGcAfterKB: loaded.after.heapUsed,
        perClientHeapAfterGcKB: (loaded.after.heapUsed - idle.after.heapUsed) / shape.clients,
        rssAfterFanoutKB: afterFanout.rssKB,
        rssConnectedGcKB: loaded.after.rss,
        rssAfterFanoutGcKB: fannedOut.after.rss,
        heapUsedAfterGcAfterFanoutKB: fannedOut.after.heapUsed,
        rssDuringFanoutKB,
      },
      fanout: { ...fanout, generatorCpuMs: fanoutReplies.map((reply) => reply.cpuMs) },
      signIns,
      serverErrorLines: server.errorLines.length,
      clock,
      windowsUs: { connect: [connectStartUs, connectEndUs], fanout: [fanoutStartUs, fanoutEndUs] },
      interference: { connect: connectInterference, fanout: fanoutInterference },
    },
  };
}

// --- Report -----------------------------------------------------------------------------------

const megabytes = ({ memory }: PhaseResult) => `${(memory.rssBeforeKB / 1024).toFixed(0)} → ${(memory.rssAfterKB / 1024).toFixed(0)}`;

function report(options: Options, real: PhaseResult, bare: PhaseResult | null) {
  const { shape } = options;
  const phases = bare ? [real, bare] : [real];
  /** A row's buddylist and floor cells ("–" without a floor), and their ratio when both are numbers. */
  const both = (cell: (result: PhaseResult) => string) => [cell(real), bare ? cell(bare) : "–"];
  const ratioOf = (figure: (result: PhaseResult) => number) => (bare ? ratio(figure(real), figure(bare)) : "");
  const versus = (figure: (result: PhaseResult) => number, digits = 2) => [...both((result) => figure(result).toFixed(digits)), ratioOf(figure)];
  const rows: string[][] = [
    ["", "buddylist", "bare socket.io", "real/bare", "target"],
    [`connect + ready, ${shape.clients} clients (s)`, ...versus((result) => result.connect.seconds), "< 6.5 (Prosody, 2 000)"],
    ["  connects/s", ...both((result) => result.connect.perSecond.toFixed(0)), "", ""],
    ["  per client p50 / p99 / max (ms)", ...both((result) => triple(result.connect.latencyMs)), "", ""],
    ["  server CPU per connect (ms)", ...both((result) => result.connect.cpuPerConnectMs.toFixed(2)), "", ""],
    ["  generator CPU, each process (s)", ...both((result) => seconds(result.connect.generatorCpuMs)), "", ""],
    ["server RSS idle → connected (MB)", ...both(megabytes), "", ""],
    ["  per connected client (KB)", ...versus((result) => result.memory.perClientKB, 1), "< 47 (Prosody)"],
    ["  per connected client, garbage collected first (KB)", ...versus((result) => result.memory.perClientRssAfterGcKB, 1), "< 47 (Prosody)"],
    ["  V8 heap growth, live + garbage (KB)", ...both((result) => result.memory.perClientHeapTotalKB.toFixed(1)), "", ""],
    ["  JS heap still used after a full GC (KB)", ...versus((result) => result.memory.perClientHeapAfterGcKB, 1), ""],
    ["fan-out, each watcher p50 / p99 / max (ms)", ...both((result) => triple(result.fanout.eachWatcherMs)), ratioOf((result) => result.fanout.eachWatcherMs.p99), ""],
    ["fan-out, last watcher p50 / p99 / max (ms)", ...both((result) => triple(result.fanout.lastWatcherMs)), ratioOf((result) => result.fanout.lastWatcherMs.p99), "p99 < 50, ≤ 1.5×"],
    ["  sender ack p50 / p99 / max (ms)", ...both((result) => triple(result.fanout.ackMs)), "", ""],
    ["  delivered / expected", ...both((result) => `${result.fanout.delivered}/${result.fanout.expected}`), "", ""],
    ["  missing / duplicate / unexpected", ...both((result) => `${result.fanout.missing} / ${result.fanout.duplicates} / ${result.fanout.unexpected}`), "", "0 / 0 / 0"],
    ["  server CPU, whole fan-out (ms)", ...both((result) => result.fanout.serverCpuMs.toFixed(0)), ratioOf((result) => result.fanout.serverCpuMs), ""],
    ["  server CPU per change (ms)", ...both((result) => result.fanout.cpuPerChangeMs.toFixed(2)), "", ""],
    ["  server CPU per notification (µs)", ...both((result) => result.fanout.cpuPerNotificationUs.toFixed(1)), "", ""],
    ["  generator CPU, each process (s)", ...both((result) => seconds(result.fanout.generatorCpuMs)), "", ""],
  ];
  console.log(`\n${table(rows)}`);
  if (real.signIns) {
    const s = real.signIns;
    console.log(
      `\nHTTP password sign-ins (Argon2id): ${s.count} in ${s.seconds.toFixed(2)} s = ${s.perSecond.toFixed(1)}/s, ${s.concurrency} in flight, ${s.failures} failed`,
    );
  }
  console.log(
    `notification: ${real.fanout.notificationBytes} bytes; each change also reaches its sender's own socket (${phases.map((result) => result.fanout.selfNotifications).join(" + ")} self-notifications, not counted above)`,
  );
  const worst = Math.max(...phases.map((result) => result.clock.worstOffsetMs));
  const uncertainty = Math.max(...phases.map((result) => result.clock.worstUncertaintyMs));
  console.log(`generator clocks agree with the orchestrator within ${worst.toFixed(3)} ms (± ${uncertainty.toFixed(3)} ms)`);
  for (const result of phases) {
    const { connect, fanout } = result.interference;
    const share = (window: Interference) => `${(100 * window.otherShare).toFixed(0)}%`;
    const disturbed = Math.max(connect.otherShare, fanout.otherShare) > NOISY_SHARE;
    console.log(
      `${result.server}: other processes used ${share(connect)} of the machine during connect, ${share(fanout)} during fan-out` +
        (disturbed ? " (disturbed: something else was running; repeat on a quiet machine)" : ""),
    );
    const problems = [
      result.fanout.sendErrors.length > 0 ? `${result.fanout.sendErrors.length} commands failed (${result.fanout.sendErrors[0]})` : "",
      result.fanout.droppedSockets > 0 ? `${result.fanout.droppedSockets} sockets dropped` : "",
      result.serverErrorLines > 0 ? `${result.serverErrorLines} error lines in the server log` : "",
    ].filter(Boolean);
    if (problems.length > 0) console.log(`${result.server}: ${problems.join("; ")}`);
  }
}

const MINUTE_MS = 60_000;

/** A fan-out of two minutes or more (a steady run), minute by minute: its changes, their last watcher, the server's RSS. */
function steadyReport(real: PhaseResult) {
  const { perChange } = real.fanout;
  const minutes: (typeof perChange)[] = [];
  for (const change of perChange) {
    if (change.sentMs === null) continue;
    (minutes[Math.floor(change.sentMs / MINUTE_MS)] ??= []).push(change);
  }
  if (minutes.length < 2) return;
  const mb = (kb: number) => (kb / 1024).toFixed(0);
  const rows = [["minute", "changes", "reached every watcher", "last watcher p50 / p99 / max (ms)", "server RSS at its end (MB)"]];
  minutes.forEach((changes = [], minute) => {
    const complete = changes.flatMap((change) => (change.lastWatcherMs === null ? [] : [change.lastWatcherMs]));
    const samples = real.memory.rssDuringFanoutKB.filter(([at]) => at <= (minute + 1) * MINUTE_MS);
    const rss = samples.at(-1)?.[1];
    rows.push([String(minute + 1), String(changes.length), String(complete.length), triple(summarize(complete)), rss === undefined ? "–" : mb(rss)]);
  });
  const { memory } = real;
  console.log(`\nsteady run, ${real.connect.clients} clients:\n${table(rows)}`);
  console.log(
    `after a full GC: JS heap ${mb(memory.heapUsedAfterGcAfterKB)} MB connected → ${mb(memory.heapUsedAfterGcAfterFanoutKB)} MB after the fan-out; ` +
      `RSS ${mb(memory.rssConnectedGcKB)} → ${mb(memory.rssAfterFanoutGcKB)} MB`,
  );
}

/** Seeds the ring, runs the real server then (with --floor on) the bare floor, prints the table; returns the figures. */
export async function runPresenceScenario(options: Options, workDir: string) {
  const { shape } = options;
  console.log(
    `\n=== presence: ${shape.clients} clients × ${shape.contacts} contacts, ${options.changes} status changes every ${options.minGapMs}–${options.maxGapMs} ms (uniform, seed ${options.seed}); ` +
      `${options.workers} generator process(es), ${options.concurrency} handshakes in flight`,
  );
  setPhase("presence: seed");
  const seedStarted = absoluteNow();
  const users = await seedDatabase({
    databaseUrl: `file:${path.join(workDir, "data", "buddylist.db")}`,
    clients: shape.clients,
    contactsOf: (index) => contactsOf(index, shape),
    authSecret: AUTH_SECRET,
  });
  console.log(`seeded ${shape.clients} accounts, ${shape.clients * shape.contacts} subscriptions in ${((absoluteNow() - seedStarted) / 1000).toFixed(1)} s`);
  const schedule = makeSchedule({ ...shape, changes: options.changes, minGapMs: options.minGapMs, maxGapMs: options.maxGapMs, seed: options.seed });

  const real = await runPhase("real", options, { workDir, users, schedule, template: null });
  // The bare server replays the real server's notification bytes (re-labelled per change).
  const bare = options.floor ? (await runPhase("bare", options, { workDir, users, schedule, template: real.sample })).result : null;

  report(options, real.result, bare);
  steadyReport(real.result);
  return {
    pacing: `uniform ${options.minGapMs}–${options.maxGapMs} ms between changes`,
    real: real.result,
    bare,
    ratios: bare && {
      p99LastWatcher: real.result.fanout.lastWatcherMs.p99 / bare.fanout.lastWatcherMs.p99,
      connectSeconds: real.result.connect.seconds / bare.connect.seconds,
      perClientKB: real.result.memory.perClientKB / bare.memory.perClientKB,
      perClientHeapAfterGcKB: real.result.memory.perClientHeapAfterGcKB / bare.memory.perClientHeapAfterGcKB,
    },
  };
}
