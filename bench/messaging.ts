// The messaging scenario of `npm run bench` (issue 6): `pairs` pairs of connected clients,
// each pair mutual contacts, exchange instant messages through the real server (production
// build, SQLite, default rate limits) at an offered rate, open loop: the schedule never waits
// for the server, so a server that falls behind shows as growing latency, not as a lower
// offered rate. Each receiving client confirms delivery as the browser does (batched 100 ms).
// Measured: end-to-end latency (just before the sender's emit → the recipient's
// `im:received`), the sender's ack, the "delivered" receipt back at the sender, achieved
// rates, and completeness (every acknowledged message received exactly once). Before the run,
// `stored` messages are written into the database (bench/stored-messages.ts), so sends land
// in a large table; after it, the first history page and searches are timed through the
// socket (minus an empty command's round trip) and in-process (performance.now()).
import path from "node:path";
import { io, type Socket } from "socket.io-client";
import {
  AUTH_SECRET,
  clockCheck,
  forkGenerator,
  type Generator,
  type Interference,
  monotonicUs,
  ms,
  NOISY_SHARE,
  root,
  seconds,
  setPhase,
  sleep,
  sum,
  table,
  triple,
  watchMachine,
} from "./common";
import { makeMessageSchedule, partnerOf, type ScheduledMessage } from "./im-workload";
import { absoluteNow, type ClientSpec, type ImSendRecord, type Receipt, type WorkerReply } from "./ipc";
import type { Options } from "./options";
import { warmUp } from "./presence";
import { type SeededUser, seedDatabase } from "./seed";
import { startRealServer } from "./real-server";
import { sampleProcess } from "./server-process";
import { type Summary, summarize } from "./stats";
import { indexStoredMessages, type ProbeResult, probeStoredQueries, seedStoredMessages, type StoredCorpus } from "./stored-messages";
import type { Shape } from "./workload";

// --- Analysis -------------------------------------------------------------------------------------

export type MessageLoadResult = {
  offeredPerSecond: number;
  messages: number;
  /** Rates over the step: sends issued, acks that said ok, messages received by their recipient. */
  achieved: { sentPerSecond: number; ackedPerSecond: number; receivedPerSecond: number };
  endToEndMs: Summary;
  ackMs: Summary;
  /** Send → the sender's `im:status` "delivered" (the recipient's confirmation went round). */
  deliveredReceiptMs: Summary;
  /** p99 end-to-end per third of the step (by send time): growing thirds mean a backlog. */
  p99ByThirdMs: [number, number, number];
  /** Worst p99 of any one-second window (by send time). */
  worstSecondP99Ms: number;
  /** p99 of each one-second window, in order: where a stall happened. */
  p99BySecondMs: number[];
  bounded: boolean;
  acked: number;
  received: number;
  missing: number;
  duplicates: number;
  unexpected: number;
  receivedWithoutAck: number;
  deliveredReceipts: number;
  errors: string[];
  confirmations: number;
  confirmErrors: string[];
  /** Reactions and edits (with --message-changes on): sent / acknowledged, and refusals. */
  changesSent: number;
  changesAcked: number;
  changeErrors: string[];
  droppedSockets: number;
  serverCpuMs: number;
  cpuPerMessageMs: number;
  generatorCpuMs: number[];
  interference: Interference;
  windowUs: [number, number];
};

export function analyseMessages(
  schedule: ScheduledMessage[],
  offeredPerSecond: number,
  replies: Extract<WorkerReply, { type: "im-done" }>[],
  serverCpuMs: number,
): Omit<MessageLoadResult, "interference" | "windowUs" | "generatorCpuMs"> {
  const sends = new Map<number, ImSendRecord>();
  for (const send of replies.flatMap((reply) => reply.sends)) sends.set(send.seq, send);
  const byReceiver = (receipts: Receipt[]) => {
    const bySeq = new Map<number, Receipt[]>();
    for (const receipt of receipts) bySeq.set(receipt[0], [...(bySeq.get(receipt[0]) ?? []), receipt]);
    return bySeq;
  };
  const receipts = byReceiver(replies.flatMap((reply) => reply.receipts));
  const delivered = byReceiver(replies.flatMap((reply) => reply.delivered));

  const endToEnd: number[] = [];
  const bySend: [sentAt: number, latency: number][] = [];
  const acks: number[] = [];
  const receiptLatencies: number[] = [];
  let acked = 0;
  let received = 0;
  let missing = 0;
  let duplicates = 0;
  let unexpected = 0;
  let receivedWithoutAck = 0;
  const errors: string[] = [];
  let lastAck = Number.NEGATIVE_INFINITY;
  let lastReceipt = Number.NEGATIVE_INFINITY;
  for (const message of schedule) {
    const send = sends.get(message.seq);
    const ok = send !== undefined && send.ackedAt !== null && send.error === null;
    if (send?.error) errors.push(`#${message.seq}: ${send.error}`);
    if (ok) {
      acked += 1;
      acks.push(send.ackedAt! - send.sentAt);
      lastAck = Math.max(lastAck, send.ackedAt!);
    }
    const arrivals = receipts.get(message.seq) ?? [];
    const mine = arrivals.filter(([, receiver]) => receiver === message.recipient);
    unexpected += arrivals.length - mine.length;
    if (mine.length > 0) {
      received += 1;
      duplicates += mine.length - 1;
      lastReceipt = Math.max(lastReceipt, mine[0]![2]);
      if (!ok) receivedWithoutAck += 1;
      if (send) {
        const latency = mine[0]![2] - send.sentAt;
        endToEnd.push(latency);
        bySend.push([send.sentAt, latency]);
      }
    } else if (ok) missing += 1;
    const receipt = delivered.get(message.seq)?.[0];
    if (receipt && send) receiptLatencies.push(receipt[2] - send.sentAt);
  }
  const sentTimes = [...sends.values()].map((send) => send.sentAt);
  const firstSent = Math.min(...sentTimes);
  const lastSent = Math.max(...sentTimes);
  const rate = (count: number, until: number) => (until > firstSent ? (count * 1000) / (until - firstSent) : Number.NaN);

  bySend.sort((a, b) => a[0] - b[0]);
  const third = Math.ceil(bySend.length / 3);
  const p99Of = (slice: [number, number][]) => summarize(slice.map(([, latency]) => latency)).p99;
  const thirds: [number, number, number] = [p99Of(bySend.slice(0, third)), p99Of(bySend.slice(third, 2 * third)), p99Of(bySend.slice(2 * third))];
  const seconds = new Map<number, number[]>();
  for (const [sentAt, latency] of bySend) {
    const second = Math.floor((sentAt - firstSent) / 1000);
    seconds.set(second, [...(seconds.get(second) ?? []), latency]);
  }
  const p99BySecondMs = [...seconds.entries()].sort((a, b) => a[0] - b[0]).map(([, values]) => summarize(values).p99);
  const worstSecondP99Ms = Math.max(...p99BySecondMs);
  const messages = schedule.length;
  return {
    offeredPerSecond,
    messages,
    // n sends spread over (n − 1) gaps: the rate between the first and the last send.
    achieved: {
      sentPerSecond: sends.size > 1 ? ((sends.size - 1) * 1000) / (lastSent - firstSent) : Number.NaN,
      ackedPerSecond: rate(acked, lastAck),
      receivedPerSecond: rate(received, lastReceipt),
    },
    endToEndMs: summarize(endToEnd),
    ackMs: summarize(acks),
    deliveredReceiptMs: summarize(receiptLatencies),
    p99ByThirdMs: thirds,
    worstSecondP99Ms,
    p99BySecondMs,
    // A backlog grows latency from third to third; a bounded run keeps the last third near the
    // first, and keeps up with the offered rate.
    bounded:
      missing === 0 && thirds[2] <= Math.max(2 * thirds[0], thirds[0] + 10) && rate(acked, lastAck) >= 0.95 * offeredPerSecond,
    acked,
    received,
    missing,
    duplicates,
    unexpected,
    receivedWithoutAck,
    deliveredReceipts: receiptLatencies.length,
    errors,
    confirmations: sum(replies.map((reply) => reply.confirmations)),
    confirmErrors: replies.flatMap((reply) => reply.confirmErrors),
    changesSent: sum(replies.map((reply) => reply.changesSent)),
    changesAcked: sum(replies.map((reply) => reply.changesAcked)),
    changeErrors: replies.flatMap((reply) => reply.changeErrors),
    droppedSockets: sum(replies.map((reply) => reply.dropped)),
    serverCpuMs,
    cpuPerMessageMs: serverCpuMs / messages,
  };
}

// --- Clients ---------------------------------------------------------------------------------------

/** Connects the clients through the generators (contiguous blocks); returns the connect figures. */
export async function connectClients(options: {
  generators: Generator[];
  specs: ClientSpec[];
  url: string;
  shape: Shape;
  concurrency: number;
}) {
  const { generators, specs } = options;
  const perWorker = Math.ceil(specs.length / generators.length);
  const connected = generators.map((generator) => generator.next("connected"));
  generators.forEach((generator, worker) =>
    generator.send({
      type: "connect",
      mode: "real",
      url: options.url,
      shape: options.shape,
      clients: specs.slice(worker * perWorker, (worker + 1) * perWorker),
      concurrency: Math.ceil(options.concurrency / generators.length),
      timeoutMs: 60_000,
    }),
  );
  const replies = await Promise.all(connected);
  const errors = replies.flatMap((reply) => reply.errors);
  if (errors.length > 0) throw new Error(`${errors.length} clients failed to connect, e.g.\n  ${errors.slice(0, 5).join("\n  ")}`);
  return {
    seconds: (Math.max(...replies.map((reply) => reply.finishedAt)) - Math.min(...replies.map((reply) => reply.startedAt))) / 1000,
    latencyMs: summarize(replies.flatMap((reply) => reply.latenciesMs)),
    generatorCpuMs: replies.map((reply) => reply.cpuMs),
  };
}

/** One step of offered load: every generator sends its senders' messages; the server's CPU meanwhile. */
export async function runMessageLoad(options: {
  generators: Generator[];
  serverPids: number[];
  schedule: ScheduledMessage[];
  rate: number;
  confirm: boolean;
  /** CPU used so far by the bench's other processes (its redis-server, its database's backends). */
  backingCpuMs?: () => Promise<number>;
}): Promise<MessageLoadResult> {
  const { replies, serverCpuMs, ...window } = await measureLoad(options);
  return { ...analyseMessages(options.schedule, options.rate, replies, serverCpuMs), ...window };
}

/**
 * Runs a schedule through the generators (pairs, or one group) and returns their replies with
 * what the servers (and the bench's backing processes) spent meanwhile, and the interference.
 */
export async function measureLoad(options: {
  generators: Generator[];
  serverPids: number[];
  schedule: ScheduledMessage[];
  confirm: boolean;
  group?: { id: string; members: number[] };
  backingCpuMs?: () => Promise<number>;
  /** How long after the last scheduled send the generators wait for what is still to come (default 10 s). */
  drainMs?: number;
}) {
  const { generators, serverPids, schedule } = options;
  const backingCpuMs = options.backingCpuMs ?? (async () => 0);
  const startAt = absoluteNow() + 500;
  const done = generators.map((generator) => generator.next("im-done"));
  const backingBefore = await backingCpuMs();
  const cpuBefore = sum(serverPids.map((pid) => sampleProcess(pid).cpuMs));
  const startUs = monotonicUs();
  const machine = watchMachine();
  for (const generator of generators) {
    generator.send({
      type: "im-load",
      startAt,
      messages: schedule,
      confirm: options.confirm,
      drainMs: options.drainMs ?? 10_000,
      ...(options.group ? { group: options.group } : {}),
    });
  }
  const replies = await Promise.all(done);
  const cpuAfter = sum(serverPids.map((pid) => sampleProcess(pid).cpuMs));
  const endUs = monotonicUs();
  const backing = (await backingCpuMs()) - backingBefore;
  const interference = machine.end(cpuAfter - cpuBefore + backing + sum(replies.map((reply) => reply.cpuMs)));
  return {
    replies,
    serverCpuMs: cpuAfter - cpuBefore,
    generatorCpuMs: replies.map((reply) => reply.cpuMs),
    interference,
    windowUs: [startUs, endUs] as [number, number],
  };
}

// --- Probes through the socket ----------------------------------------------------------------------

type SocketProbe = { name: string; ms: Summary; serverMs: number };

/**
 * History and search as a client sees them: sequential commands from one socket of client 0,
 * and an empty command (`im:typing` to oneself: validated, answered, nothing else) for the
 * round trip; "server time" is a probe's p50 minus the empty command's p50.
 */
async function probeThroughSocket(url: string, user: SeededUser, peer: SeededUser, corpus: StoredCorpus, repetitions: number) {
  const socket: Socket = io(url, { transports: ["websocket"], reconnection: false, forceNew: true, extraHeaders: { cookie: user.cookie } });
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("probe client not ready within 30 s")), 30_000);
      socket.once("connect_error", (error) => reject(new Error(`probe client: ${error.message}`)));
      socket.once("im:snapshot", () => {
        clearTimeout(timer);
        resolve();
      });
    });
    const time = async (event: string, payload: unknown) => {
      const times: number[] = [];
      for (let repetition = 0; repetition < repetitions + 10; repetition++) {
        const began = performance.now();
        const ack = (await socket.timeout(10_000).emitWithAck(event, payload)) as { ok: boolean; error?: unknown };
        if (!ack.ok) throw new Error(`${event} refused: ${JSON.stringify(ack.error)}`);
        if (repetition >= 10) times.push(performance.now() - began);
      }
      return summarize(times);
    };
    const empty = await time("im:typing", { to: user.username, typing: false });
    const probes: SocketProbe[] = [{ name: "empty command (im:typing to oneself): round trip", ms: empty, serverMs: 0 }];
    const run = async (name: string, event: string, payload: unknown) => {
      const result = await time(event, payload);
      probes.push({ name, ms: result, serverMs: result.p50 - empty.p50 });
    };
    await run("im:history, big conversation, 50", "im:history", { peer: peer.username, limit: 50 });
    await run(`im:search "${corpus.queries.common}", 20`, "im:search", { query: corpus.queries.common, limit: 20 });
    await run(`im:search "${corpus.queries.rare}", 20`, "im:search", { query: corpus.queries.rare, limit: 20 });
    return probes;
  } finally {
    socket.removeAllListeners();
    socket.close();
  }
}

// --- The scenario ------------------------------------------------------------------------------------

export async function runMessagingScenario(options: Options, workDir: string) {
  const { pairs, rates, durationSeconds, stored, big, probes, confirm } = options.messaging;
  const clients = 2 * pairs;
  const shape: Shape = { clients, contacts: 2 };
  const databasePath = path.join(workDir, "data", "buddylist.db");
  console.log(
    `\n=== messaging: ${pairs} pairs (${clients} sockets), offered ${rates.join(", ")} messages/s for ${durationSeconds} s each, ` +
      `delivery confirmations ${confirm ? "on" : "off"}; ${stored} messages stored (${big} in one conversation)`,
  );
  const log = (message: string) => console.log(`[messaging] ${message}`);

  setPhase("messaging: seed");
  let started = absoluteNow();
  const users = await seedDatabase({
    databaseUrl: `file:${databasePath}`,
    clients,
    contactsOf: (index) => [partnerOf(index)],
    authSecret: AUTH_SECRET,
  });
  log(`seeded ${clients} accounts in ${((absoluteNow() - started) / 1000).toFixed(1)} s`);
  started = absoluteNow();
  const corpus = seedStoredMessages({ databasePath, users: users.slice(0, clients), total: stored, big, seed: options.seed });
  log(
    `stored ${corpus.total} messages in ${corpus.conversations} conversations (the big one: ${corpus.big}) in ${corpus.seconds.toFixed(1)} s`,
  );
  log(`indexed them for search in ${(await indexStoredMessages(databasePath)).toFixed(1)} s`);

  setPhase("messaging: start");
  const logFile = path.join(workDir, "server.log");
  const server = await startRealServer({ options, workDir, name: "messaging", logFile });
  log(`server pid ${server.pid} at ${server.url}`);
  try {
    setPhase("messaging: warm-up");
    await warmUp("real", server.url, users[clients]!, null);
    const generators = Array.from({ length: options.workers }, forkGenerator);
    const clock = await clockCheck(generators);

    setPhase("messaging: connect");
    const idle = await server.collectGarbage();
    const connectCpu = sampleProcess(server.pid).cpuMs;
    const connect = await connectClients({
      generators,
      specs: users.slice(0, clients).map(({ index, username, cookie }) => ({ index, username, cookie })),
      url: server.url,
      shape,
      concurrency: options.concurrency,
    });
    const connectCpuMs = sampleProcess(server.pid).cpuMs - connectCpu;
    log(`${clients} clients ready in ${connect.seconds.toFixed(2)} s`);
    await sleep(2_000);
    const loaded = await server.collectGarbage();

    // A short, unmeasured step first: the send path's code is compiled and its caches warm.
    setPhase("messaging: warm-up load");
    const warmSchedule = makeMessageSchedule({ clients, rate: 200, seconds: 2, seed: options.seed + 99, firstSeq: 9_000_000 });
    await runMessageLoad({ generators, serverPids: [server.pid], schedule: warmSchedule, rate: 200, confirm });

    const steps: MessageLoadResult[] = [];
    let firstSeq = 0;
    for (const rate of rates) {
      setPhase(`messaging: ${rate} messages/s`);
      const schedule = makeMessageSchedule({
        clients,
        rate,
        seconds: durationSeconds,
        seed: options.seed + rate,
        firstSeq,
        messageChanges: options.messaging.messageChanges,
      });
      firstSeq += schedule.length;
      await sleep(1_000);
      const step = await runMessageLoad({ generators, serverPids: [server.pid], schedule, rate, confirm });
      steps.push(step);
      log(
        `${rate}/s offered: ${step.achieved.ackedPerSecond.toFixed(0)}/s acked, end-to-end p50/p99 ${ms(step.endToEndMs.p50)}/${ms(step.endToEndMs.p99)} ms, ` +
          `${step.received}/${step.acked} received${step.bounded ? "" : " (latency not bounded)"}`,
      );
    }

    setPhase("messaging: probes through the socket");
    await sleep(1_000);
    const socketProbes = await probeThroughSocket(server.url, users[0]!, users[1]!, corpus, probes);

    setPhase("messaging: stop");
    for (const generator of generators) generator.send({ type: "close" });
    await Promise.all(generators.map((generator) => generator.exited));
    const code = await server.stop();
    if (code !== 0) log(`server exited with code ${code}`);

    setPhase("messaging: probes in-process");
    const inProcess = await probeStoredQueries({ databasePath, users: users.slice(0, clients), corpus, repetitions: probes });

    const result = {
      pairs,
      clients,
      confirm,
      corpus,
      clock,
      connect: {
        ...connect,
        serverCpuMs: connectCpuMs,
        cpuPerConnectMs: connectCpuMs / clients,
        rssBeforeKB: idle.before.rss,
        rssAfterKB: loaded.before.rss,
        perClientKB: (loaded.before.rss - idle.before.rss) / clients,
        perClientHeapAfterGcKB: (loaded.after.heapUsed - idle.after.heapUsed) / clients,
      },
      steps,
      socketProbes,
      inProcess,
      serverErrorLines: server.errorLines.length,
      windowsUs: Object.fromEntries(steps.map((step) => [`${step.offeredPerSecond}/s`, step.windowUs])),
    };
    reportMessaging(result);
    return result;
  } catch (error) {
    const first = server.errorLines[0];
    throw new Error(
      `${(error as Error).message}\nserver log: ${path.relative(root, logFile)}` +
        (first ? `\nfirst error the server logged: ${first.slice(0, 600)}` : ""),
    );
  } finally {
    server.kill();
  }
}

function reportMessaging(result: {
  pairs: number;
  steps: MessageLoadResult[];
  socketProbes: SocketProbe[];
  inProcess: ProbeResult[];
  corpus: StoredCorpus;
  serverErrorLines: number;
  clock: { worstOffsetMs: number; worstUncertaintyMs: number };
}) {
  const rows: string[][] = [["messages between pairs (SQLite)", ...result.steps.map((step) => `${step.offeredPerSecond}/s offered`), "target"]];
  const row = (name: string, cell: (step: MessageLoadResult) => string, target = "") =>
    rows.push([name, ...result.steps.map(cell), target]);
  row("achieved: sent / acked / received per s", (step) =>
    `${step.achieved.sentPerSecond.toFixed(0)} / ${step.achieved.ackedPerSecond.toFixed(0)} / ${step.achieved.receivedPerSecond.toFixed(0)}`, "≥ 1000");
  row("end-to-end p50 / p99 / max (ms)", (step) => triple(step.endToEndMs), "p99 < 30");
  row("  p99 per third of the step (ms)", (step) => step.p99ByThirdMs.map(ms).join(" / "));
  row("  p99 of each second (ms)", (step) => step.p99BySecondMs.map((value) => value.toFixed(0)).join(" "));
  row("  latency bounded", (step) => (step.bounded ? "yes" : "NO"), "yes");
  row("sender ack p50 / p99 / max (ms)", (step) => triple(step.ackMs));
  row("delivered receipt p50 / p99 (ms)", (step) => `${ms(step.deliveredReceiptMs.p50)} / ${ms(step.deliveredReceiptMs.p99)}`);
  row("acked / received / scheduled", (step) => `${step.acked} / ${step.received} / ${step.messages}`);
  row("missing / duplicate / unexpected", (step) => `${step.missing} / ${step.duplicates} / ${step.unexpected}`, "0 / 0 / 0");
  row("refused sends / confirm errors", (step) => `${step.errors.length} / ${step.confirmErrors.length}`, "0 / 0");
  if (result.steps.some((step) => step.changesSent > 0)) {
    row("reactions + edits sent / acked / refused", (step) => `${step.changesSent} / ${step.changesAcked} / ${step.changeErrors.length}`);
  }
  row("server CPU per message (ms)", (step) => step.cpuPerMessageMs.toFixed(3));
  row("  server CPU use (cores)", (step) => (step.serverCpuMs / step.interference.wallMs).toFixed(2));
  row("generator CPU, each process (s)", (step) => seconds(step.generatorCpuMs));
  row("other processes' share of the machine", (step) =>
    `${(100 * step.interference.otherShare).toFixed(0)}%${step.interference.otherShare > NOISY_SHARE ? " disturbed" : ""}`);
  console.log(`\n${table(rows)}`);

  const probeRows: string[][] = [
    [`with ${result.corpus.total} messages stored`, "p50 / p99 / max (ms)", "server time (ms)", "results", "target"],
    ...result.socketProbes.map((probe) => [
      `socket: ${probe.name}`,
      triple(probe.ms),
      probe.serverMs ? `≈ ${ms(probe.serverMs)} (p50 − empty)` : "",
      "",
      probe.name.startsWith("im:history") ? "< 5" : "",
    ]),
    ...result.inProcess.map((probe) => [
      `in-process: ${probe.name}`,
      triple(probe.ms),
      "",
      String(probe.results),
      probe.name.startsWith("history") && probe.name.includes("first page") ? "< 5" : "",
    ]),
  ];
  console.log(`\n${table(probeRows)}`);
  const problems = [
    ...result.steps.flatMap((step) => (step.errors.length > 0 ? [`${step.offeredPerSecond}/s: first refusal ${step.errors[0]}`] : [])),
    ...result.steps.flatMap((step) => (step.droppedSockets > 0 ? [`${step.droppedSockets} sockets dropped`] : [])),
    result.serverErrorLines > 0 ? `${result.serverErrorLines} error lines in the server log` : "",
  ].filter(Boolean);
  if (problems.length > 0) console.log(`messaging: ${problems.join("; ")}`);
  console.log(
    `generator clocks agree with the orchestrator within ${result.clock.worstOffsetMs.toFixed(3)} ms (± ${result.clock.worstUncertaintyMs.toFixed(3)} ms)`,
  );
}
