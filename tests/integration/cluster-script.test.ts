// `npm run cluster` run as the README tells a reader to: two instances on PostgreSQL and Redis
// behind nginx, two people signed in through nginx with their sockets on different instances, a
// status change and a message crossing between them, and nothing left running after Ctrl-C.
// Without nginx, or with a configuration `nginx -t` refuses, the script explains what to do and
// starts nothing; with stand-ins for the instances, SIGTERM and an instance that ends at start
// stop everything.
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import { existsSync, writeFileSync } from "node:fs";
import path from "node:path";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PresenceView } from "@/lib/protocol";
import { findNginx } from "@/scripts/cluster/find-nginx";
import { DEFAULT_REDIS_URL } from "@/scripts/cluster/options";
import { portIsFree } from "@/scripts/cluster/readiness";
import { freePort, freePortRange } from "../free-port";
import { ask, connect, type Endpoint, newUser, pipeLines, removeDataDir, testDataDir, type TestSocket } from "./harness";
import { onPostgres, postgresUrlFor } from "./postgres";
import { stillRunning, trackDescendants } from "./process-tree";
import { deleteKeys } from "./redis";

const root = path.resolve(import.meta.dirname, "../..");
const STARTUP_MS = 170_000;
const STOP_MS = 30_000;

type ClusterRun = {
  child: ChildProcess;
  output: string[];
  exited: Promise<number | null>;
  /** The first output line matching `pattern`; rejects if the script ends or the time is up. */
  line(pattern: RegExp, timeoutMs: number): Promise<RegExpExecArray>;
};

/** `npm run cluster -- …` in a process group of its own, as a terminal runs a command. */
function runCluster(args: string[], env: Record<string, string>): ClusterRun {
  const child = spawn("npm", ["run", "cluster", "--", ...args], {
    cwd: root,
    env: { ...process.env, ...env },
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const output: string[] = [];
  pipeLines(child, (text) => output.push(text));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  let done = false;
  void exited.then(() => (done = true));
  async function line(pattern: RegExp, timeoutMs: number) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      for (const text of output) {
        const match = pattern.exec(text);
        if (match) return match;
      }
      if (done) throw new Error(`npm run cluster ended before printing ${pattern}:\n${output.join("\n")}`);
      if (Date.now() > deadline) throw new Error(`no ${pattern} within ${timeoutMs / 1000} s:\n${output.join("\n")}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  return { child, output, exited, line };
}

async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what} took over ${ms / 1000} s`)), ms)));
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}

async function until(check: () => boolean, what: string, timeoutMs = 10_000) {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs) throw new Error(`${what}: not within ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe("npm run cluster without nginx", () => {
  it("says how to get nginx or go without it, exits non-zero, and starts nothing", async () => {
    const dataDir = testDataDir();
    const [listen, first] = [await freePort(), await freePortRange(2)];
    // NGINX names a binary that is not there (PATH alone would not do: the sbin folders are searched too).
    const run = runCluster(["2"], {
      NGINX: path.join(dataDir, "no-such-nginx"),
      CLUSTER_PORT: String(listen),
      CLUSTER_FIRST_INSTANCE_PORT: String(first),
      DATA_DIR: dataDir,
    });
    const tree = trackDescendants(run.child.pid!, 25);
    const code = await within(run.exited, 60_000, "npm run cluster without nginx");
    tree.stop();
    const output = run.output.join("\n");
    expect(code).not.toBe(0);
    expect(output).toContain("no nginx was found");
    expect(output).toContain("apt-get install nginx");
    expect(output).toContain(`npm run cluster -- 2 --no-nginx`);
    expect(output).toContain("Nothing was started.");
    expect(output).not.toMatch(/ENOENT|\n\s+at /);
    expect(tree.seen().filter((entry) => /server\.(ts|mjs)|nginx:/.test(entry.command))).toEqual([]);
    expect(existsSync(path.join(dataDir, "cluster"))).toBe(false); // no config was even written
    for (const port of [listen, first, first + 1]) expect(await portIsFree(port, "127.0.0.1")).toBe(true);
    await removeDataDir(dataDir);
  });
});

describe("npm run cluster whose nginx -t refuses the configuration", () => {
  it("says why, exits non-zero, and starts nothing, before it needs the database", async () => {
    const dataDir = testDataDir();
    const refusing = path.join(dataDir, "refusing-nginx");
    writeFileSync(refusing, '#!/bin/sh\necho "nginx: [emerg] this stand-in refuses every configuration" >&2\nexit 1\n', { mode: 0o755 });
    const [listen, first] = [await freePort(), await freePortRange(2)];
    const run = runCluster(["2"], {
      NGINX: refusing,
      CLUSTER_PORT: String(listen),
      CLUSTER_FIRST_INSTANCE_PORT: String(first),
      // Nothing answers here: the refusal must come before the database is needed.
      DATABASE_URL: "postgresql://postgres@127.0.0.1:1/unreachable",
      REDIS_URL: "redis://127.0.0.1:1",
      CLUSTER_SKIP_BUILD: "1",
      DATA_DIR: dataDir,
    });
    const tree = trackDescendants(run.child.pid!, 25);
    const code = await within(run.exited, 60_000, "npm run cluster with a refused configuration");
    tree.stop();
    const output = run.output.join("\n");
    expect(code).not.toBe(0);
    expect(output).toContain(`nginx -t refused ${path.join(dataDir, "cluster", "nginx.conf")}`);
    expect(output).toContain("this stand-in refuses every configuration");
    expect(output).toContain("Nothing was started.");
    expect(output).not.toMatch(/\n\s+at /);
    expect(tree.seen().filter((entry) => /server\.(ts|mjs)|refusing-nginx -c .* -g/.test(entry.command))).toEqual([]);
    for (const port of [listen, first, first + 1]) expect(await portIsFree(port, "127.0.0.1")).toBe(true);
    await removeDataDir(dataDir);
  });
});

// The instances' own start takes a build, migrations and up to a minute; stand-ins
// (cluster-instance-stand-in.ts) start at once, so these tests see only the script's handling.
// The script always wants PostgreSQL, so they run in the PostgreSQL pass.
describe.runIf(onPostgres())("npm run cluster -- 2 --no-nginx, with stand-ins for the instances", () => {
  const standIn = path.join(import.meta.dirname, "cluster-instance-stand-in.ts");
  const isStandIn = (entry: { command: string }) => entry.command.includes("cluster-instance-stand-in.ts");
  const isStandInsChild = (entry: { command: string }) => entry.command.includes("stand-in's child");
  const cleanups: (() => Promise<void>)[] = [];

  afterAll(async () => {
    for (const cleanup of cleanups) await cleanup();
  });

  async function startCluster(env: Record<string, string> = {}) {
    const dataDir = testDataDir();
    const first = await freePortRange(2);
    const run = runCluster(["2", "--no-nginx"], {
      CLUSTER_FIRST_INSTANCE_PORT: String(first),
      CLUSTER_INSTANCE_SCRIPT: standIn,
      DATABASE_URL: await postgresUrlFor(dataDir),
      REDIS_URL: DEFAULT_REDIS_URL,
      CLUSTER_SKIP_BUILD: "1",
      DATA_DIR: dataDir,
      ...env,
    });
    const tree = trackDescendants(run.child.pid!, 25);
    cleanups.push(async () => {
      tree.stop();
      if (run.child.exitCode === null && run.child.signalCode === null) run.child.kill("SIGKILL");
      for (const entry of stillRunning(tree.seen())) {
        try {
          process.kill(entry.pid, "SIGKILL");
        } catch {
          // ended meanwhile
        }
      }
      await removeDataDir(dataDir);
    });
    return { run, tree, ports: [first, first + 1] };
  }

  it("stops every instance on SIGTERM and leaves no process behind", async () => {
    const { run, tree, ports } = await startCluster();
    await run.line(/buddylist cluster: 2 instances for your own load balancer/, 60_000);
    await until(() => tree.seen().filter(isStandInsChild).length === 2, "the stand-ins' children starting");
    expect(tree.seen().filter(isStandIn)).toHaveLength(2);

    // To the script alone, as `kill` sends it: npm and tsx end when it does.
    const script = tree.seen().filter((entry) => entry.command.includes("scripts/cluster.ts")).at(-1)!;
    process.kill(script.pid, "SIGTERM");
    expect(await within(run.exited, STOP_MS, "npm run cluster ending")).toBe(0);
    tree.stop();
    await until(() => stillRunning(tree.seen()).length === 0, "the cluster's processes ending", STOP_MS).catch(() => {});
    expect(stillRunning(tree.seen())).toEqual([]);
    expect(run.output.join("\n")).toContain("buddylist cluster: stopping");
    for (const port of ports) expect(await portIsFree(port, "127.0.0.1")).toBe(true);
  }, 2 * STOP_MS + 70_000);

  it("stops the others when an instance ends at start, says which, and exits non-zero", async () => {
    const { run, tree, ports } = await startCluster({ STAND_IN_FAILS: "instance-2" });
    const code = await within(run.exited, 60_000 + STOP_MS, "npm run cluster ending");
    tree.stop();
    expect(code).not.toBe(0);
    const output = run.output.join("\n");
    expect(output).toContain("instance-2 ended unexpectedly; stopping the others.");
    expect(output).toContain("buddylist cluster: stopping");
    expect(output).not.toMatch(/\n\s+at /);
    // Instance 2 ran and failed; instance 1 had started, with its child; none of it is left.
    expect(output).toContain("instance-2: the stand-in fails at start");
    expect(tree.seen().filter(isStandInsChild)).toHaveLength(1);
    await until(() => stillRunning(tree.seen()).length === 0, "the cluster's processes ending", STOP_MS).catch(() => {});
    expect(stillRunning(tree.seen())).toEqual([]);
    for (const port of ports) expect(await portIsFree(port, "127.0.0.1")).toBe(true);
  }, 2 * STOP_MS + 70_000);
});

const nginx = findNginx(process.env);
const title = nginx.found !== null
  ? "npm run cluster -- 2, behind nginx"
  : `npm run cluster -- 2 (SKIPPED: no nginx found in ${nginx.searched}; apt-get install nginx)`;
if (onPostgres() && !nginx.found) console.warn(title);

// The script always uses PostgreSQL, so it runs in the PostgreSQL pass of the suite.
describe.skipIf(!onPostgres() || !nginx.found)(title, () => {
  let dataDir: string;
  let prefix: string;
  let run: ClusterRun;
  let front: Endpoint;
  let instancePorts: number[];
  let tree: ReturnType<typeof trackDescendants>;

  beforeAll(async () => {
    dataDir = testDataDir();
    prefix = `test-cluster-${randomBytes(4).toString("hex")}:`;
    const listen = await freePort();
    const first = await freePortRange(2);
    instancePorts = [first, first + 1];
    front = { url: `http://127.0.0.1:${listen}` };
    run = runCluster(["2"], {
      CLUSTER_PORT: String(listen),
      CLUSTER_FIRST_INSTANCE_PORT: String(first),
      DATABASE_URL: await postgresUrlFor(dataDir),
      REDIS_PREFIX: prefix,
      DATA_DIR: dataDir,
      // The suite has built the app already; a rebuild here would pull it from under other tests.
      CLUSTER_SKIP_BUILD: "1",
      LOG_LEVEL: "warn",
      PRESENCE_GRACE_MS: "300",
    });
    tree = trackDescendants(run.child.pid!);
    await run.line(new RegExp(`buddylist cluster: 2 instances behind http://localhost:${listen}`), STARTUP_MS);
  }, STARTUP_MS + 10_000);

  afterAll(async () => {
    tree?.stop();
    // Whatever a failed test left running goes now; the last test checks that nothing needed to.
    if (run?.child.exitCode === null && run.child.signalCode === null) run.child.kill("SIGKILL");
    for (const entry of stillRunning(tree?.seen() ?? [])) {
      try {
        process.kill(entry.pid, "SIGKILL");
      } catch {
        // ended meanwhile
      }
    }
    try {
      await deleteKeys(DEFAULT_REDIS_URL, prefix);
    } finally {
      await removeDataDir(dataDir);
    }
  });

  /** Which instance holds this device tuple, as the cluster itself records it in Redis. */
  async function instanceOf(userId: string, deviceId: string): Promise<string> {
    const redis = new Redis(DEFAULT_REDIS_URL, { maxRetriesPerRequest: 1 });
    try {
      const stored = await redis.hget(`${prefix}devices:${userId}`, deviceId);
      if (!stored) throw new Error(`device ${deviceId} is not in Redis`);
      return (JSON.parse(stored) as { instance: string }).instance;
    } finally {
      redis.disconnect();
    }
  }

  it("serves two people through nginx, with sockets on different instances that see each other live", async () => {
    const alice = await newUser(front, "alice");
    const bob = await newUser(front, "bob");
    // Alice's socket goes through nginx, wherever it hashes her to; Bob's straight to the other instance.
    const aliceSide = await connect(front, alice.cookie);
    const aliceInstance = await instanceOf(aliceSide.session.user.id, aliceSide.session.deviceId);
    const bobPort = instancePorts[aliceInstance === "instance-1" ? 1 : 0]!;
    const bobSide = await connect({ url: `http://127.0.0.1:${bobPort}` }, bob.cookie);
    const bobInstance = await instanceOf(bobSide.session.user.id, bobSide.session.deviceId);
    expect([aliceInstance, bobInstance].sort()).toEqual(["instance-1", "instance-2"]);
    const sockets: TestSocket[] = [aliceSide.socket, bobSide.socket];

    const request = await ask(bobSide.socket, "subscription:request", { username: alice.username });
    if (request.ok && request.data.state === "pending") {
      expect((await ask(aliceSide.socket, "subscription:respond", { username: bob.username, approve: true })).ok).toBe(true);
    }

    const bobSees: PresenceView[] = [];
    bobSide.socket.on("presence:changed", (view) => view.username === alice.username && bobSees.push(view));
    await ask(aliceSide.socket, "presence:set-status", { availability: "busy", note: "from the other instance" });
    await until(() => bobSees.some((view) => view.status.note === "from the other instance"), "Alice's status reaching Bob");
    expect(bobSees.at(-1)!.status).toMatchObject({ basic: "open", availability: "busy" });

    const arrived = new Promise<string>((resolve) => bobSide.socket.once("im:received", ({ message }) => resolve(message.body)));
    const sent = await ask(aliceSide.socket, "im:send", { to: bob.username, clientId: randomUUID(), body: "hello across nginx" });
    expect(sent.ok).toBe(true);
    expect(await within(arrived, 10_000, "Alice's message reaching Bob")).toBe("hello across nginx");
    for (const socket of sockets) socket.close();
  });

  it("stops on Ctrl-C and leaves no process behind", async () => {
    const started = tree.seen();
    const running = (pattern: RegExp) => started.filter((entry) => pattern.test(entry.command));
    expect(running(/buddylist-server\/server\.mjs/)).toHaveLength(2);
    expect(running(/nginx: master/)).toHaveLength(1);
    expect(running(/nginx: worker/).length).toBeGreaterThan(0);

    process.kill(-run.child.pid!, "SIGINT"); // what a terminal sends the command's group on Ctrl-C
    await within(run.exited, STOP_MS, "npm run cluster ending");
    tree.stop();
    // npm may end before the script has stopped its children; give them the script's grace period.
    await until(() => stillRunning(tree.seen()).length === 0, "the cluster's processes ending", STOP_MS).catch(() => {});
    expect(stillRunning(tree.seen())).toEqual([]);
    expect(run.output.join("\n")).toContain("buddylist cluster: stopping");
    for (const port of instancePorts) expect(await portIsFree(port, "127.0.0.1")).toBe(true);
    expect(await portIsFree(Number(new URL(front.url).port), "0.0.0.0")).toBe(true);
  }, 2 * STOP_MS + 10_000);
});
