// The xmpp scenario of `npm run bench`: buddylist's XMPP endpoint against Prosody, with the same
// load generator (../shared/peers/prosody/bench.mjs: raw XMPP, SASL PLAIN without TLS, a ring of
// --contacts mutual contacts, --changes status changes) in one sitting.
//
// buddylist: seeded like the presence scenario but with the generator's usernames (u0 … u(N-1))
// and its password; the real server with XMPP on a free loopback port, XMPP_ALLOW_PLAINTEXT=true
// and the domain the generator names; one warm-up sign-in; then bench.mjs with the server's pid.
// Prosody: the peer folder's run.sh, stock and with the generational GC (its tuned variant).
// Raw results: .tmp/xmpp-bench/{buddylist,prosody-stock,prosody-tuned}.json.
import { execFileSync, spawn } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { AUTH_SECRET, children, ms, ratio, root, setPhase, sleep, table } from "./common";
import type { Options } from "./options";
import { BENCH_PASSWORD, seedDatabase } from "./seed";
import { startRealServer } from "./real-server";
import { contactsOf } from "./workload";
import { xmppWarmUp } from "./xmpp-warm-up";

/** The peer benchmark's folder (its scripts are run from there, never changed). */
const PEER_DIR = process.env.BENCH_PROSODY_DIR ?? path.resolve(root, "..", "shared", "peers", "prosody");
const DOMAIN = "bench.local";
const TUNED_GC = '{ mode = "generational" }';
/** Prosody's stock RSS per client in the peer README (the target). */
const PROSODY_RSS_PER_CLIENT_KB = 47.8;

type Summ = { n: number; p50: number; p99: number; max: number };
/** What bench.mjs writes (OUT=…), the part used here. */
export type PeerResult = {
  connect: { online: number; errors: number; connectMs: number; settleMs: number; initialPresences: number; expectedInitial: number; rosterOk: number };
  server: { rssPerClientKb: number; cpuConnectMs: number; cpuPerChangeMs: number };
  rounds: {
    notificationsExpected: number;
    notificationsReceived: number;
    duplicates: number;
    unexpected: number;
    disconnects: number;
    incompleteChanges: number;
    perNotificationMs: Summ;
    lastWatcherMs: Summ;
    otherProcessesCpuMs: number;
    loadavg: number[];
  };
  /** Added here: `uptime` when the run finished. */
  uptime?: string;
};

const uptime = () => execFileSync("uptime", { encoding: "utf8" }).trim();

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Runs a command with `env` added, echoing its output with a prefix; rejects on a non-zero exit. */
function run(label: string, command: string, args: string[], env: Record<string, string>): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: PEER_DIR, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
    const kill = () => child.kill("SIGKILL");
    children.add(kill);
    for (const stream of [child.stdout, child.stderr]) {
      stream.setEncoding("utf8");
      let buffer = "";
      stream.on("data", (chunk: string) => {
        buffer += chunk;
        let end: number;
        while ((end = buffer.indexOf("\n")) >= 0) {
          const line = buffer.slice(0, end);
          buffer = buffer.slice(end + 1);
          if (!line.startsWith("RESULT ")) console.log(`[${label}] ${line}`);
        }
      });
    }
    child.once("exit", (code) => {
      children.delete(kill);
      if (code === 0) resolve();
      else reject(new Error(`${label}: ${command} ${args.join(" ")} exited with ${code}`));
    });
  });
}

function generatorEnv(options: Options, port: number, out: string): Record<string, string> {
  return {
    N: String(options.shape.clients),
    K: String(options.shape.contacts),
    R: String(options.changes),
    GAP_MIN: String(options.minGapMs),
    GAP_MAX: String(options.maxGapMs),
    SEED: String(options.seed),
    PORT: String(port),
    DOMAIN,
    OUT: out,
  };
}

async function runBuddylist(options: Options, workDir: string, out: string): Promise<PeerResult> {
  const { shape } = options;
  const label = "buddylist xmpp";
  setPhase(`${label}: seed`);
  const users = await seedDatabase({
    databaseUrl: `file:${path.join(workDir, "data", "buddylist.db")}`,
    clients: shape.clients,
    contactsOf: (index) => contactsOf(index, shape),
    authSecret: AUTH_SECRET,
    usernameOf: (index) => `u${index}`,
  });
  const port = await freePort();
  setPhase(`${label}: start`);
  const server = await startRealServer({
    options,
    workDir,
    name: "xmpp",
    logFile: path.join(workDir, "xmpp-server.log"),
    env: { XMPP_PORT: String(port), XMPP_TLS_PORT: "off", XMPP_DOMAIN: DOMAIN, XMPP_ALLOW_PLAINTEXT: "true" },
  });
  console.log(`[${label}] server pid ${server.pid}, XMPP on 127.0.0.1:${port}`);
  try {
    setPhase(`${label}: warm-up`);
    await xmppWarmUp({ port, domain: DOMAIN, username: users[shape.clients]!.username, password: BENCH_PASSWORD, timeoutMs: 30_000 });
    await sleep(1_000);
    setPhase(`${label}: generator`);
    await run(label, process.execPath, [path.join(PEER_DIR, "bench.mjs")], {
      ...generatorEnv(options, port, out),
      PASSWORD: BENCH_PASSWORD,
      PID: String(server.pid),
    });
  } catch (error) {
    const first = server.errorLines[0];
    throw new Error(`${(error as Error).message}${first ? `\nfirst error the server logged: ${first.slice(0, 600)}` : ""}`);
  } finally {
    const code = await server.stop();
    if (code !== 0) console.log(`[${label}] server exited with code ${code}`);
  }
  return { ...(JSON.parse(readFileSync(out, "utf8")) as PeerResult), uptime: uptime() };
}

async function runProsody(options: Options, variant: "stock" | "tuned", resultsDir: string): Promise<PeerResult> {
  const label = `prosody ${variant}`;
  setPhase(label);
  const port = await freePort();
  const tag = `prosody-${variant}`;
  const base = path.join(os.tmpdir(), `prosody-bench-buddylist-${process.pid}`);
  await run(label, "bash", [path.join(PEER_DIR, "run.sh")], {
    ...generatorEnv(options, port, ""),
    // run.sh names its output run-<TAG>.json under RESULTS; its own Prosody lives under BASE.
    RESULTS: resultsDir,
    TAG: tag,
    BASE: base,
    GC: variant === "tuned" ? TUNED_GC : "",
    // run.sh reads its last sample after the wait, so it needs at least one.
    QUIET_MAX: String(Math.max(1, options.quietWaitSeconds)),
  });
  rmSync(base, { recursive: true, force: true }); // its config, accounts and logs (run.sh stopped it)
  const file = path.join(resultsDir, `${tag}.json`);
  const result = { ...(JSON.parse(readFileSync(path.join(resultsDir, `run-${tag}.json`), "utf8")) as PeerResult), uptime: uptime() };
  writeFileSync(file, `${JSON.stringify(result, null, 1)}\n`);
  return result;
}

export async function runXmppScenario(options: Options, workDir: string) {
  const resultsDir = path.join(root, ".tmp", "xmpp-bench");
  mkdirSync(resultsDir, { recursive: true });
  const buddylist = await runBuddylist(options, workDir, path.join(resultsDir, "buddylist.json"));
  console.log(`[buddylist xmpp] uptime: ${buddylist.uptime}`);
  if (!options.xmpp.prosody) return { buddylist };
  const stock = await runProsody(options, "stock", resultsDir);
  console.log(`[prosody stock] uptime: ${stock.uptime}`);
  const tuned = await runProsody(options, "tuned", resultsDir);
  console.log(`[prosody tuned] uptime: ${tuned.uptime}`);
  console.log(`\n${report(options, { buddylist, stock, tuned })}\nraw results: ${path.relative(root, resultsDir)}/`);
  return { buddylist, prosodyStock: stock, prosodyTuned: tuned };
}

const trio = (summary: Summ) => `${ms(summary.p50)} / ${ms(summary.p99)} / ${ms(summary.max)}`;

export function report(options: Options, runs: { buddylist: PeerResult; stock: PeerResult; tuned: PeerResult }): string {
  const { buddylist: b, stock: s, tuned: t } = runs;
  const n = options.shape.clients;
  const seconds = (run: PeerResult) => run.connect.connectMs / 1000;
  const perLogin = (run: PeerResult) => run.server.cpuConnectMs / n;
  const row = (name: string, value: (run: PeerResult) => number, digits: number, target: string) => [
    name,
    value(b).toFixed(digits),
    value(s).toFixed(digits),
    value(t).toFixed(digits),
    ratio(value(b), value(s)),
    ratio(value(b), value(t)),
    target,
  ];
  const delivery = (run: PeerResult) =>
    `${run.rounds.notificationsReceived}/${run.rounds.notificationsExpected}, ${run.rounds.duplicates}/${run.rounds.unexpected}/${run.rounds.disconnects}`;
  const rows = [
    ["", "buddylist", "Prosody stock", "Prosody tuned", "b/stock", "b/tuned", "target"],
    row(`connect, ${n} logins + initial presence (s)`, seconds, 2, "< tuned"),
    row("  server CPU per login (ms)", perLogin, 2, ""),
    row("server RSS per client (KB)", (run) => run.server.rssPerClientKb, 1, `< ${PROSODY_RSS_PER_CLIENT_KB}`),
    row("last watcher p50 (ms)", (run) => run.rounds.lastWatcherMs.p50, 2, ""),
    row("last watcher p99 (ms)", (run) => run.rounds.lastWatcherMs.p99, 2, "≤ 1.2× tuned"),
    ["  last watcher p50 / p99 / max (ms)", trio(b.rounds.lastWatcherMs), trio(s.rounds.lastWatcherMs), trio(t.rounds.lastWatcherMs), "", "", ""],
    ["each notification p50 / p99 / max (ms)", trio(b.rounds.perNotificationMs), trio(s.rounds.perNotificationMs), trio(t.rounds.perNotificationMs), "", "", ""],
    row("server CPU per change (ms)", (run) => run.server.cpuPerChangeMs, 2, ""),
    ["delivered, dup/stray/dropped", delivery(b), delivery(s), delivery(t), "", "", "all, 0/0/0"],
    ["other processes' CPU in rounds (ms)", ...[b, s, t].map((run) => run.rounds.otherProcessesCpuMs.toFixed(0)), "", "", ""],
    ["load average at the end", ...[b, s, t].map((run) => run.rounds.loadavg.map((value) => value.toFixed(1)).join(" ")), "", "", ""],
  ];
  return table(rows);
}
