// What every scenario of `npm run bench` shares: the bounded run (every child killed on
// abort), the machine watch (interference from other processes), the forked load generators
// and their clock check, and the table printer.
import { type ChildProcess, execFileSync, fork } from "node:child_process";
import { existsSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { absoluteNow, type WorkerReply, type WorkerRequest } from "./ipc";
import { sampleMachine } from "./server-process";
import type { Summary } from "./stats";
import { buildServerBundle } from "../scripts/server-bundle";

export const root = path.resolve(import.meta.dirname, "..");
/** Above this share of the machine used by other processes, a phase's figures are flagged. */
export const NOISY_SHARE = 0.05;
export const AUTH_SECRET = "bench-secret-0123456789abcdef0123456789";
/**
 * The command rate limits, lifted: every load client connects from 127.0.0.1 (the per-address
 * limits would count thousands of simulated people as one household), and the probes drive one
 * account far past a person's pace. The limiters still run, so their cost is measured.
 */
export const LIFTED_LIMITS_ENV = {
  PRESENCE_COMMANDS_PER_MINUTE: "1000000",
  SUBSCRIPTION_COMMANDS_PER_MINUTE: "1000000",
  LOOKUP_COMMANDS_PER_MINUTE: "1000000",
  SETTINGS_COMMANDS_PER_MINUTE: "1000000",
  MESSAGING_COMMANDS_PER_MINUTE: "1000000",
  ADDRESS_LIMIT_FACTOR: "1000000",
} as const;

export function fail(message: string): never {
  console.error(`bench: ${message}`);
  process.exit(2);
}

// --- Bounded run: every child is killed on abort ---------------------------------------------------

export const children = new Set<() => void>();
let phase = "starting";

/** Names what runs now, for the abort message. */
export function setPhase(name: string) {
  phase = name;
}

export function abort(message: string): never {
  console.error(`\nbench: aborted during "${phase}": ${message}`);
  for (const kill of children) kill();
  process.exit(1);
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
export const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);

/** The Next.js build folder the servers use (NEXT_DIST_DIR, as next.config.js reads it). */
export const distDir = () => process.env.NEXT_DIST_DIR ?? ".next";

/**
 * Like `npm start`: a production build is needed once, and the servers run the server bundle,
 * built afresh (scripts/server-bundle.ts); building is not part of the timed run.
 */
export function ensureBuild() {
  if (!existsSync(path.join(root, distDir(), "BUILD_ID"))) {
    console.log(`No production build (${distDir()}/BUILD_ID): running \`next build\` first…`);
    execFileSync(process.execPath, [path.join(root, "node_modules/next/dist/bin/next"), "build"], {
      cwd: root,
      stdio: "inherit",
      env: { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" },
    });
  }
  // After `next build`, which empties the build folder the bundle lives in.
  buildServerBundle();
}

// --- The machine -----------------------------------------------------------------------------

/** CLOCK_MONOTONIC in µs: the clock of the timestamps in V8 CPU profiles. */
export const monotonicUs = () => Number(process.hrtime.bigint() / 1000n);

/** CPU that processes other than the bench's used during a measured window. */
export type Interference = { wallMs: number; otherCpuMs: number; stealMs: number; otherShare: number };

/** Starts watching the machine; `end` subtracts what the bench's processes used themselves. */
export function watchMachine() {
  const machine = sampleMachine();
  const own = process.cpuUsage();
  const started = absoluteNow();
  return {
    end(benchCpuMs: number): Interference {
      const now = sampleMachine();
      const { user, system } = process.cpuUsage(own);
      const wallMs = absoluteNow() - started;
      const otherCpuMs = Math.max(0, now.busyMs - machine.busyMs - benchCpuMs - (user + system) / 1000);
      return { wallMs, otherCpuMs, stealMs: now.stealMs - machine.stealMs, otherShare: otherCpuMs / (wallMs * os.cpus().length) };
    },
  };
}

/**
 * The cores are shared (tests, builds): wait until others have used at most NOISY_SHARE of the
 * machine for 3 s in a row, or until `maxSeconds`. Returns their last measured share.
 */
export async function waitForQuiet(maxSeconds: number): Promise<number> {
  const started = absoluteNow();
  for (;;) {
    const window = watchMachine();
    await sleep(3_000);
    const { otherShare } = window.end(0);
    if (otherShare <= NOISY_SHARE || absoluteNow() - started > maxSeconds * 1000) return otherShare;
    console.log(`waiting for a quiet machine: other processes use ${(100 * otherShare).toFixed(0)}% of it…`);
  }
}

// --- Generator processes ----------------------------------------------------------------------

export type Generator = {
  send(request: WorkerRequest): void;
  /** The next reply of that type (a "failed" reply or an exit rejects it). */
  next<T extends WorkerReply["type"]>(type: T): Promise<Extract<WorkerReply, { type: T }>>;
  exited: Promise<void>;
};

export function forkGenerator(): Generator {
  const child: ChildProcess = fork(path.join(root, "bench", "load-clients.ts"), [], {
    cwd: root,
    execArgv: ["--import", "tsx"],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const kill = () => child.kill("SIGKILL");
  children.add(kill);
  const waiting = new Map<string, { resolve: (reply: WorkerReply) => void; reject: (error: Error) => void }>();
  const rejectAll = (error: Error) => {
    for (const waiter of waiting.values()) waiter.reject(error);
    waiting.clear();
  };
  child.on("error", (error) => rejectAll(error));
  child.on("message", (reply: WorkerReply) => {
    if (reply.type === "failed") return rejectAll(new Error(`generator ${child.pid} failed: ${reply.message}`));
    const waiter = waiting.get(reply.type);
    waiting.delete(reply.type);
    waiter?.resolve(reply);
  });
  const exited = new Promise<void>((resolve) =>
    child.once("exit", (code) => {
      children.delete(kill);
      rejectAll(new Error(`generator ${child.pid} exited with ${code}`));
      resolve();
    }),
  );
  return {
    // A generator that died cannot be told anything: the waiters were rejected on its exit.
    send: (request) => {
      if (child.connected) child.send(request, (error) => error && rejectAll(error));
    },
    next: (type) =>
      new Promise((resolve, reject) => waiting.set(type, { resolve: resolve as (reply: WorkerReply) => void, reject })),
    exited,
  };
}

/**
 * How far each generator's absoluteNow() is from ours: NTP-style, from the ping with the
 * shortest round trip (the offset is known to ± half of it). Latencies subtract a send time
 * from one process and a receive time from another, so this bounds their clock error.
 */
export async function clockCheck(generators: Generator[]) {
  let worstOffsetMs = 0;
  let worstUncertaintyMs = 0;
  for (const generator of generators) {
    let best = { rtt: Number.POSITIVE_INFINITY, offset: 0 };
    for (let id = 0; id < 10; id++) {
      const sent = absoluteNow();
      const pong = generator.next("pong");
      generator.send({ type: "ping", id });
      const { now } = await pong;
      const received = absoluteNow();
      if (received - sent < best.rtt) best = { rtt: received - sent, offset: now - (sent + received) / 2 };
    }
    worstOffsetMs = Math.max(worstOffsetMs, Math.abs(best.offset));
    worstUncertaintyMs = Math.max(worstUncertaintyMs, best.rtt / 2);
  }
  return { worstOffsetMs, worstUncertaintyMs };
}

// --- Report -----------------------------------------------------------------------------------

export const ms = (value: number) => (Number.isFinite(value) ? value.toFixed(value < 10 ? 2 : 1) : "–");
export const triple = (summary: Summary) => `${ms(summary.p50)} / ${ms(summary.p99)} / ${ms(summary.max)}`;
export const seconds = (cpuMs: number[]) => cpuMs.map((value) => (value / 1000).toFixed(1)).join(" + ");
export const ratio = (real: number, bare: number) => (bare > 0 ? `${(real / bare).toFixed(2)}×` : "–");

export function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? "").length)));
  return rows
    .map((row) => row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join("   "))
    .join("\n");
}

/** The code under test: commit, and whether tracked files differ from it (read-only git). */
export function sourceVersion(): string {
  try {
    const git = (...args: string[]) =>
      execFileSync("git", args, { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
    return `${git("rev-parse", "--short", "HEAD")}${git("status", "--porcelain", "--untracked-files=no") ? " + local changes" : ""}`;
  } catch {
    return "unknown";
  }
}
