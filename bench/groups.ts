// The groups scenario of `npm run bench` (issue 18): group conversations over real sockets
// against the real server (production build, SQLite, default send limit). `members` accounts,
// mutual contacts, are seeded; the first creates the group with `groupchat:create`; every
// member connects; members send `groupchat:send` in turn at each offered rate (open loop), and
// every other member confirms what reaches it with `groupchat:delivered`, as the browser does.
// Per message: server CPU, the last member's latency (just before the sender's emit → the last
// other member's `groupchat:received`), acks, completeness, and the server's memory around each
// step. Then, with `big` > 0, one group of `big` more accounts (past GROUP_MAX_MEMBERS, so
// written through the store before the server starts, as the service would write it), all of
// them connected, gets `bigMessages` messages one a second: time to its last member and CPU.
import { randomUUID } from "node:crypto";
import path from "node:path";
import { io, type Socket } from "socket.io-client";
import { createDb, prepareDatabase } from "@/lib/db/client";
import { createPrismaStorage } from "@/lib/db/prisma-storage";
import { encodeEvent, type StoredSystemEvent } from "@/lib/im/groups/system-lines";
import type { GroupSummary } from "@/lib/protocol/groups";
import { AUTH_SECRET, clockCheck, forkGenerator, ms, NOISY_SHARE, root, seconds, setPhase, sleep, table, triple } from "./common";
import { analyseGroupMessages, type GroupLoadFigures } from "./group-analysis";
import { busiestSender, makeGroupSchedule } from "./im-workload";
import { absoluteNow } from "./ipc";
import { connectClients, measureLoad } from "./messaging";
import type { Options } from "./options";
import { warmUp } from "./presence";
import { startRealServer } from "./real-server";
import { type SeededUser, seedDatabase } from "./seed";
import { type MemoryUsage, sampleProcess, type ServerProcess } from "./server-process";

/** The per-sender anti-spam limit the server keeps (IM_SENDS_PER_10_SECONDS's default). */
const SENDS_PER_10_SECONDS = 30;
const MB = 1024;
/** How long after the last scheduled send deliveries are still waited for (a slow server's tail). */
const DRAIN_MS = 30_000;
/** How long an overloaded server may take to work off its backlog after a step. */
const BACKLOG_TIMEOUT_MS = 300_000;

/** Waits until a second of the server's CPU is back near its idle rate; its CPU and the time until then. */
async function settle(pid: number, idleMsPerSecond: number) {
  const started = absoluteNow();
  const first = sampleProcess(pid).cpuMs;
  let previous = first;
  for (;;) {
    await sleep(1_000);
    const now = sampleProcess(pid).cpuMs;
    // The last, quiet second is not part of the backlog.
    if (now - previous <= Math.max(100, 2 * idleMsPerSecond) || absoluteNow() - started > BACKLOG_TIMEOUT_MS) {
      return { cpuMs: previous - first, seconds: Math.max(0, (absoluteNow() - started) / 1000 - 1) };
    }
    previous = now;
  }
}

type Step = GroupLoadFigures & {
  label: string;
  /** Server memory before and after the step, as it was (RSS) and after a full GC (heap), in KB. */
  memory: { before: MemoryUsage; beforeGc: MemoryUsage; after: MemoryUsage; afterGc: MemoryUsage };
  /** The server's CPU at rest with these clients connected (ms per s), subtracted in cpuPerMessageNetMs. */
  idleCpuMsPerSecond: number;
  /** How long the server stayed busy after the generators stopped waiting (its backlog), in s. */
  backlogSeconds: number;
  /** The step's window, the backlog included (its CPU is counted over this). */
  wallMs: number;
  cpuPerMessageNetMs: number;
  confirmations: number;
  confirmErrors: string[];
  droppedSockets: number;
  generatorCpuMs: number[];
  interference: { wallMs: number; otherShare: number };
  windowUs: [number, number];
};

/** The big group, written as groupchat:create would (a "created" line, then one "added" line each). */
async function seedBigGroup(databaseUrl: string, members: SeededUser[]): Promise<string> {
  const db = createDb(databaseUrl);
  try {
    await prepareDatabase(db, databaseUrl);
    const store = createPrismaStorage(db, "sqlite").groupConversations;
    const creator = members[0]!;
    const id = randomUUID();
    const line = (event: StoredSystemEvent) => ({
      id: randomUUID(),
      groupId: id,
      senderId: creator.id,
      clientId: randomUUID(),
      body: "",
      event: encodeEvent(event),
      sentAt: new Date(),
    });
    const created = await store.create({ id, name: "bench big group", creatorId: creator.id, clientId: randomUUID() }, [
      { line: line({ kind: "created", name: "bench big group" }), move: { kind: "enter", userId: creator.id, role: "creator", state: "member", addedById: creator.id } },
      ...members.slice(1).map((member) => ({
        line: line({ kind: "added", subject: member.id }),
        move: { kind: "enter" as const, userId: member.id, role: "member" as const, state: "member" as const, addedById: creator.id },
      })),
    ]);
    if (!created) throw new Error("the big group was not stored");
    return id;
  } finally {
    await db.$disconnect();
  }
}

/** The creator's own tab (outside the generators) creates the group and closes again. */
async function createGroup(url: string, creator: SeededUser, others: SeededUser[]): Promise<GroupSummary> {
  const socket: Socket = io(url, { transports: ["websocket"], reconnection: false, forceNew: true, extraHeaders: { cookie: creator.cookie } });
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("creator not ready within 30 s")), 30_000);
      socket.once("connect_error", (error) => reject(new Error(`creator: ${error.message}`)));
      socket.once("groupchat:snapshot", () => {
        clearTimeout(timer);
        resolve();
      });
    });
    const ack = (await socket.timeout(30_000).emitWithAck("groupchat:create", {
      clientId: randomUUID(),
      name: "bench group",
      members: others.map((member) => member.username),
    })) as { ok: boolean; data?: GroupSummary; error?: unknown };
    if (!ack.ok || !ack.data) throw new Error(`groupchat:create refused: ${JSON.stringify(ack.error)}`);
    const joined = ack.data.members.filter((member) => member.state === "member").length;
    if (joined !== others.length + 1) throw new Error(`the group has ${joined} members, not ${others.length + 1} (invitations?)`);
    return ack.data;
  } finally {
    socket.removeAllListeners();
    socket.close();
  }
}

/** The server's CPU at rest (ms per second) over `ms` ms. */
async function idleCpu(pid: number, duration = 3_000) {
  const before = sampleProcess(pid).cpuMs;
  await sleep(duration);
  return ((sampleProcess(pid).cpuMs - before) * 1000) / duration;
}

export async function runGroupsScenario(options: Options, workDir: string) {
  const { members, rates, durationSeconds, big, bigMessages } = options.groups;
  const clients = members + big;
  const databaseUrl = `file:${path.join(workDir, "data", "buddylist.db")}`;
  console.log(
    `\n=== groups: ${members} members offered ${rates.join(", ")} messages/s for ${durationSeconds} s each` +
      (big > 0 ? `; then ${bigMessages} messages, one a second, to a ${big}-member group (${clients} sockets)` : ""),
  );
  const log = (message: string) => console.log(`[groups] ${message}`);

  setPhase("groups: seed");
  const started = absoluteNow();
  // The group's members are a clique of mutual contacts; the big group's are nobody's contacts
  // (its members were written by the store, not invited).
  const users = await seedDatabase({
    databaseUrl,
    clients,
    contactsOf: (index) => (index < members ? Array.from({ length: members }, (_, other) => other).filter((other) => other !== index) : []),
    authSecret: AUTH_SECRET,
  });
  const bigMembers = users.slice(members, clients);
  const bigGroupId = big > 0 ? await seedBigGroup(databaseUrl, bigMembers) : null;
  log(`seeded ${clients} accounts${big > 0 ? ` and the ${big}-member group` : ""} in ${((absoluteNow() - started) / 1000).toFixed(1)} s`);

  setPhase("groups: start");
  const logFile = path.join(workDir, "server.log");
  const server: ServerProcess = await startRealServer({ options, workDir, name: "groups", logFile });
  log(`server pid ${server.pid} at ${server.url}`);
  try {
    setPhase("groups: warm-up");
    await warmUp("real", server.url, users[clients]!, null);
    const group = await createGroup(server.url, users[0]!, users.slice(1, members));
    log(`group ${group.id} created with ${group.members.length} members`);
    const generators = Array.from({ length: options.workers }, forkGenerator);
    const clock = await clockCheck(generators);
    const shape = { clients, contacts: 2 };
    const specs = (from: SeededUser[]) => from.map(({ index, username, cookie }) => ({ index, username, cookie }));

    setPhase("groups: connect");
    const connect = await connectClients({ generators, specs: specs(users.slice(0, members)), url: server.url, shape, concurrency: options.concurrency });
    log(`${members} members ready in ${connect.seconds.toFixed(2)} s`);
    await sleep(2_000);
    const memberIndexes = users.slice(0, members).map((user) => user.index);

    const step = async (label: string, schedule: ReturnType<typeof makeGroupSchedule>, rate: number, target: { id: string; members: number[] }): Promise<Step> => {
      const idleCpuMsPerSecond = await idleCpu(server.pid);
      const before = await server.collectGarbage(BACKLOG_TIMEOUT_MS);
      const window = await measureLoad({
        generators,
        serverPids: [server.pid],
        schedule,
        confirm: options.messaging.confirm,
        group: target,
        drainMs: DRAIN_MS,
      });
      // An overloaded server is still working when the generators stop waiting: its CPU counts
      // until it is back at rest, and how long that took says how far behind it was.
      const backlog = await settle(server.pid, idleCpuMsPerSecond);
      const serverCpuMs = window.serverCpuMs + backlog.cpuMs;
      const wallMs = window.interference.wallMs + backlog.seconds * 1000;
      const after = await server.collectGarbage(BACKLOG_TIMEOUT_MS);
      const figures = analyseGroupMessages({
        schedule,
        members: target.members,
        offeredPerSecond: rate,
        sends: window.replies.flatMap((reply) => reply.sends),
        receipts: window.replies.flatMap((reply) => reply.receipts),
        serverCpuMs,
      });
      return {
        ...figures,
        label,
        memory: { before: before.before, beforeGc: before.after, after: after.before, afterGc: after.after },
        idleCpuMsPerSecond,
        backlogSeconds: backlog.seconds,
        wallMs,
        cpuPerMessageNetMs: Math.max(0, serverCpuMs - (idleCpuMsPerSecond * wallMs) / 1000) / schedule.length,
        confirmations: window.replies.reduce((total, reply) => total + reply.confirmations, 0),
        confirmErrors: window.replies.flatMap((reply) => reply.confirmErrors),
        droppedSockets: window.replies.reduce((total, reply) => total + reply.dropped, 0),
        generatorCpuMs: window.generatorCpuMs,
        interference: window.interference,
        windowUs: window.windowUs,
      };
    };

    // A short, unmeasured step first: the send path's code is compiled and its caches warm.
    setPhase("groups: warm-up load");
    const warmRate = Math.min(50, rates[0]!);
    await measureLoad({
      generators,
      serverPids: [server.pid],
      schedule: makeGroupSchedule({ members, rate: warmRate, seconds: 2, seed: options.seed + 99, firstSeq: 9_000_000 }),
      confirm: options.messaging.confirm,
      group: { id: group.id, members: memberIndexes },
    });
    const warmBacklog = await settle(server.pid, 0);
    if (warmBacklog.seconds > 0) log(`the server worked off the warm-up for ${warmBacklog.seconds.toFixed(0)} s after it`);

    const steps: Step[] = [];
    let firstSeq = 0;
    for (const rate of rates) {
      setPhase(`groups: ${rate} messages/s`);
      const schedule = makeGroupSchedule({ members, rate, seconds: durationSeconds, seed: options.seed + rate, firstSeq });
      firstSeq += schedule.length;
      if (busiestSender(schedule, 10_000) > SENDS_PER_10_SECONDS) {
        log(`${rate}/s: some members send more than ${SENDS_PER_10_SECONDS} messages in 10 s; the send limit will refuse some`);
      }
      const result = await step(`${members} members, ${rate}/s`, schedule, rate, { id: group.id, members: memberIndexes });
      steps.push(result);
      log(
        `${rate}/s offered: ${result.achieved.ackedPerSecond.toFixed(0)}/s acked, last member p50/p99 ${ms(result.lastMemberMs.p50)}/${ms(result.lastMemberMs.p99)} ms, ` +
          `${result.complete}/${result.acked} complete${result.bounded ? "" : " (latency not bounded)"}`,
      );
    }

    let bigConnect: Awaited<ReturnType<typeof connectClients>> | null = null;
    let bigFailure: string | null = null;
    // The big group is past the product's limit: where it breaks is a finding, and the figures
    // above are kept.
    if (bigGroupId) try {
      setPhase(`groups: connect ${big}`);
      bigConnect = await connectClients({ generators, specs: specs(bigMembers), url: server.url, shape, concurrency: options.concurrency });
      log(`${big} more clients ready in ${bigConnect.seconds.toFixed(2)} s`);
      await sleep(2_000);
      setPhase(`groups: ${big}-member group`);
      const bigIndexes = bigMembers.map((user) => user.index);
      const schedule = makeGroupSchedule({ members: big, rate: 1, seconds: bigMessages, seed: options.seed + 7, firstSeq: 8_000_000 }).map(
        (message) => ({ ...message, sender: bigIndexes[message.sender]! }),
      );
      steps.push(await step(`${big} members, ${bigMessages} × 1/s`, schedule, 1, { id: bigGroupId, members: bigIndexes }));
      const last = steps.at(-1)!;
      log(`${big}-member group: last member after p50 ${ms(last.lastMemberMs.p50)} ms (max ${ms(last.lastMemberMs.max)}), ${last.complete}/${last.acked} complete`);
    } catch (error) {
      bigFailure = (error as Error).message;
      const first = server.errorLines[0];
      log(`${big}-member group failed: ${bigFailure}${first ? `\nfirst error the server logged: ${first.slice(0, 600)}` : ""}`);
    }

    setPhase("groups: stop");
    for (const generator of generators) generator.send({ type: "close" });
    await Promise.all(generators.map((generator) => generator.exited));
    const code = await server.stop();
    if (code !== 0) log(`server exited with code ${code}`);

    const result = {
      members,
      big,
      confirm: options.messaging.confirm,
      clock,
      connect: { members: connect, big: bigConnect },
      bigFailure,
      steps,
      serverErrorLines: server.errorLines.length,
      windowsUs: Object.fromEntries(steps.map((each) => [each.label, each.windowUs])),
    };
    reportGroups(result);
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

function reportGroups(result: { steps: Step[]; bigFailure: string | null; serverErrorLines: number; confirm: boolean; clock: { worstOffsetMs: number; worstUncertaintyMs: number } }) {
  const mb = (kb: number) => (kb / MB).toFixed(1);
  const rows: string[][] = [["group messages (SQLite)", ...result.steps.map((step) => step.label), "target"]];
  const row = (name: string, cell: (step: Step) => string, target = "") => rows.push([name, ...result.steps.map(cell), target]);
  row("achieved: sent / acked per s", (step) => `${step.achieved.sentPerSecond.toFixed(0)} / ${step.achieved.ackedPerSecond.toFixed(0)}`);
  row("last member p50 / p99 / max (ms)", (step) => triple(step.lastMemberMs));
  row("  p99 per third of the step (ms)", (step) => step.p99ByThirdMs.map(ms).join(" / "));
  row("  latency bounded", (step) => (step.bounded ? "yes" : "NO"), "yes");
  row("each member p50 / p99 (ms)", (step) => `${ms(step.eachMemberMs.p50)} / ${ms(step.eachMemberMs.p99)}`);
  row("sender ack p50 / p99 / max (ms)", (step) => triple(step.ackMs));
  row("acked / complete / scheduled", (step) => `${step.acked} / ${step.complete} / ${step.messages}`);
  row("missing / duplicate / unexpected deliveries", (step) => `${step.missing} / ${step.duplicates} / ${step.unexpected}`, "0 / 0 / 0");
  row("refused sends / confirm errors", (step) => `${step.errors.length} / ${step.confirmErrors.length}`, "0 / 0");
  row(`groupchat:delivered sent${result.confirm ? "" : " (off)"}`, (step) => String(step.confirmations));
  row("server CPU per message (ms)", (step) => step.cpuPerMessageMs.toFixed(2));
  row("  less the idle rate (ms)", (step) => step.cpuPerMessageNetMs.toFixed(2));
  row("  per member told (µs)", (step) => step.cpuPerDeliveryUs.toFixed(0));
  row("  server CPU use (cores)", (step) => (step.serverCpuMs / step.wallMs).toFixed(2));
  row("  idle CPU before the step (ms/s)", (step) => step.idleCpuMsPerSecond.toFixed(0));
  row("server still busy after the drain (s)", (step) => step.backlogSeconds.toFixed(0));
  row("server RSS before → after (MB)", (step) => `${mb(step.memory.before.rss)} → ${mb(step.memory.after.rss)}`);
  row("JS heap after a full GC, before → after (MB)", (step) => `${mb(step.memory.beforeGc.heapUsed)} → ${mb(step.memory.afterGc.heapUsed)}`);
  row("generator CPU, each process (s)", (step) => seconds(step.generatorCpuMs));
  row("other processes' share of the machine", (step) =>
    `${(100 * step.interference.otherShare).toFixed(0)}%${step.interference.otherShare > NOISY_SHARE ? " disturbed" : ""}`);
  console.log(`\n${table(rows)}`);
  const problems = [
    ...result.steps.flatMap((step) => (step.errors.length > 0 ? [`${step.label}: first refusal ${step.errors[0]}`] : [])),
    ...result.steps.flatMap((step) => (step.droppedSockets > 0 ? [`${step.label}: ${step.droppedSockets} sockets dropped`] : [])),
    result.bigFailure ? `the big group failed: ${result.bigFailure.split("\n")[0]}` : "",
    result.serverErrorLines > 0 ? `${result.serverErrorLines} error lines in the server log` : "",
  ].filter(Boolean);
  if (problems.length > 0) console.log(`groups: ${problems.join("; ")}`);
  console.log(
    `generator clocks agree with the orchestrator within ${result.clock.worstOffsetMs.toFixed(3)} ms (± ${result.clock.worstUncertaintyMs.toFixed(3)} ms)`,
  );
}
