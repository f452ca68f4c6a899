// The server under test as a child process (the real server.ts or bench/bare-server.ts), and
// what the kernel says it costs: resident memory and CPU time from /proc.
import { execFileSync, spawn } from "node:child_process";
import { createWriteStream, readFileSync } from "node:fs";

export type MemoryUsage = { rss: number; heapTotal: number; heapUsed: number; external: number };
/** process.memoryUsage() of the server in KB, as it was and after a forced full GC (bench/memory-hook.ts). */
export type CollectedMemory = { before: MemoryUsage; after: MemoryUsage };

export type ServerProcess = {
  pid: number;
  url: string;
  /** Reads the server's memory, forces a full GC, and reads it again. */
  collectGarbage(timeoutMs?: number): Promise<CollectedMemory>;
  /** Log lines at level error or fatal (pino levels 50, 60) so far. */
  errorLines: string[];
  /** SIGTERM and wait for the exit; SIGKILL after `graceMs`. Resolves with the exit code. */
  stop(graceMs?: number): Promise<number | null>;
  kill(): void;
};

/**
 * Starts `node --expose-gc --import tsx --import bench/memory-hook.ts <nodeArgs> <script>`
 * (the hook only answers SIGUSR2) and resolves once it logged the JSON line with
 * its port and "listening" (as the integration harness waits for server.ts). Output goes to
 * `logFile`; the pipe is always drained, since pino writes synchronously and a full pipe would
 * stall the server under test.
 */
export function startServerProcess(options: {
  cwd: string;
  script: string;
  env: Record<string, string>;
  nodeArgs?: string[];
  logFile: string;
  timeoutMs: number;
}): Promise<ServerProcess> {
  const args = ["--expose-gc", "--import", "tsx", "--import", "./bench/memory-hook.ts", ...(options.nodeArgs ?? [])];
  const child = spawn(process.execPath, [...args, options.script], {
    cwd: options.cwd,
    // Only what the server needs, so the bench's own environment cannot change its behaviour.
    // NEXT_DIST_DIR passes through: the build folder the bench checked is the one the server uses.
    env: {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "",
      ...(process.env.NEXT_DIST_DIR ? { NEXT_DIST_DIR: process.env.NEXT_DIST_DIR } : {}),
      ...options.env,
    } as unknown as NodeJS.ProcessEnv,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const log = createWriteStream(options.logFile);
  const errorLines: string[] = [];
  const memoryWaiters: ((memory: CollectedMemory) => void)[] = [];
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  void exited.then(() => log.end());

  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`${options.script} did not start within ${options.timeoutMs} ms (log: ${options.logFile})`));
    }, options.timeoutMs);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`${options.script} exited with ${code} before listening (log: ${options.logFile})`));
    });
    let started = false;
    const onLine = (line: string) => {
      log.write(`${line}\n`);
      if (/"level":(50|60)/.test(line)) errorLines.push(line);
      if (line.startsWith('{"benchMemory":')) {
        // In bytes, as process.memoryUsage() gives them.
        const { benchMemory } = JSON.parse(line) as { benchMemory: Record<"before" | "after", MemoryUsage> };
        const inKB = (usage: MemoryUsage): MemoryUsage => ({
          rss: usage.rss / 1024,
          heapTotal: usage.heapTotal / 1024,
          heapUsed: usage.heapUsed / 1024,
          external: usage.external / 1024,
        });
        const memory = { before: inKB(benchMemory.before), after: inKB(benchMemory.after) };
        memoryWaiters.splice(0).forEach((resolve) => resolve(memory));
      }
      const match = started ? null : /"port":(\d+).*listening/.exec(line);
      if (!match) return;
      started = true;
      clearTimeout(timer);
      resolve({
        pid: child.pid!,
        url: `http://127.0.0.1:${match[1]}`,
        errorLines,
        collectGarbage(timeoutMs = 30_000) {
          return new Promise((resolve, reject) => {
            const timer = setTimeout(() => reject(new Error("the server did not report its memory after SIGUSR2")), timeoutMs);
            memoryWaiters.push((memory) => {
              clearTimeout(timer);
              resolve(memory);
            });
            child.kill("SIGUSR2");
          });
        },
        async stop(graceMs = 15_000) {
          if (child.exitCode !== null) return child.exitCode;
          child.kill("SIGTERM");
          const force = setTimeout(() => child.kill("SIGKILL"), graceMs);
          const code = await exited;
          clearTimeout(force);
          return code;
        },
        kill() {
          if (child.exitCode === null) child.kill("SIGKILL");
        },
      });
    };
    for (const stream of [child.stdout, child.stderr]) {
      let buffer = "";
      stream.setEncoding("utf8");
      stream.on("data", (chunk: string) => {
        buffer += chunk;
        let end: number;
        while ((end = buffer.indexOf("\n")) >= 0) {
          onLine(buffer.slice(0, end));
          buffer = buffer.slice(end + 1);
        }
      });
    }
  });
}

let clockTicks: number | undefined;

/** Clock ticks per second of /proc's CPU times (`getconf CLK_TCK`, 100 nearly everywhere). */
function ticksPerSecond(): number {
  if (clockTicks === undefined) {
    try {
      clockTicks = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
    } catch {
      clockTicks = 100;
    }
  }
  return clockTicks;
}

export type ProcessSample = { rssKB: number; cpuMs: number };

/** Resident memory (VmRSS) and CPU time used so far (user + system) of a process. */
export function sampleProcess(pid: number): ProcessSample {
  const rss = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  // Fields after the command name (which may hold spaces, hence the last ")"): state is
  // field 3, utime and stime are fields 14 and 15 of proc(5).
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const ticks = Number(fields[11]) + Number(fields[12]);
  return { rssKB: Number(rss?.[1] ?? Number.NaN), cpuMs: (ticks * 1000) / ticksPerSecond() };
}

export type MachineSample = { busyMs: number; stealMs: number };

/**
 * CPU time the whole machine spent busy so far, over all cores (/proc/stat: user, nice,
 * system, irq, softirq, steal), and the part stolen by the hypervisor. Minus what the bench's
 * own processes used, this shows whether something else (a test run, a build) was competing
 * for the cores while we measured.
 */
export function sampleMachine(): MachineSample {
  const line = readFileSync("/proc/stat", "utf8").split("\n", 1)[0]!;
  const [user, nice, system, , , irq, softirq, steal] = line.trim().split(/\s+/).slice(1).map(Number) as number[];
  const toMs = (ticks: number) => (ticks * 1000) / ticksPerSecond();
  return { busyMs: toMs(user! + nice! + system! + irq! + softirq! + steal!), stealMs: toMs(steal!) };
}
