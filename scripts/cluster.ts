// `npm run cluster -- [instances] [--no-nginx]`: a local demonstration of several servers forming
// one service: N instances (default 3) on PostgreSQL and Redis behind nginx on port 8080.
// Everything that can fail is checked before the first process starts (options, nginx, ports,
// `nginx -t`, services, build); after that, Ctrl-C, SIGTERM or any failure stops every child.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { ensureBuild } from "./build-if-needed";
import { buildServerBundle } from "./server-bundle";
import { type Child, createChildren } from "./cluster/children";
import { ensureDatabase } from "./cluster/database";
import { findNginx, nginxMissingHelp } from "./cluster/find-nginx";
import { renderNginxConfig } from "./cluster/nginx-config";
import { type ClusterOptions, parseClusterOptions } from "./cluster/options";
import { portIsFree, waitUntilHealthy } from "./cluster/readiness";
import { ensurePostgres, ensureRedis } from "./services";

const root = path.resolve(import.meta.dirname, "..");
/** An instance migrates and prepares Next.js before it answers; a busy machine is slow at it. */
const START_TIMEOUT_MS = 120_000;
/** server.ts gives its own graceful shutdown 10 s. */
const STOP_GRACE_MS = 12_000;

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** Everything before the first process: any failure here leaves nothing to clean up. */
async function prepare(options: ClusterOptions): Promise<{ nginx?: { binary: string; args: string[] }; script: string }> {
  const lookup = options.withNginx ? findNginx(process.env) : undefined;
  if (lookup && lookup.found === null) throw new Error(nginxMissingHelp(lookup.searched, options.instancePorts));

  // nginx listens on every interface, the instances on 127.0.0.1.
  const ports = options.instancePorts.map((port) => ({ port, host: "127.0.0.1", name: "CLUSTER_FIRST_INSTANCE_PORT" }));
  if (options.withNginx) ports.unshift({ port: options.listen, host: "0.0.0.0", name: "CLUSTER_PORT" });
  for (const { port, host, name } of ports) {
    if (!(await portIsFree(port, host))) throw new Error(`port ${port} is in use (is a cluster still running?); choose another with ${name}`);
  }

  // nginx's configuration next: checking it needs no service, so a refusal costs nothing.
  const nginx = lookup ? checkNginxConfig(lookup.found, options) : undefined;

  if (options.localPostgres) ensurePostgres();
  if (options.localRedis) ensureRedis();
  if (options.build) ensureBuild();
  else if (!existsSync(path.join(root, process.env.NEXT_DIST_DIR ?? ".next", "BUILD_ID"))) {
    throw new Error("CLUSTER_SKIP_BUILD=1, but there is no build: run `npm run build` first");
  }
  await ensureDatabase(options.databaseUrl);
  return { nginx, script: options.instanceScript ?? buildServerBundle() };
}

/** Writes nginx's configuration for these instances and has `nginx -t` check it. */
function checkNginxConfig(binary: string, options: ClusterOptions): { binary: string; args: string[] } {
  const runtime = path.resolve(root, process.env.DATA_DIR || "data", "cluster");
  mkdirSync(runtime, { recursive: true });
  const configFile = path.join(runtime, "nginx.conf");
  const template = readFileSync(path.join(root, "deploy", "nginx.conf"), "utf8");
  const instances = options.instancePorts.map((port) => ({ host: "127.0.0.1", port }));
  writeFileSync(configFile, renderNginxConfig(template, { listen: options.listen, runtimeDir: runtime, instances }));
  const args = ["-c", configFile, "-p", runtime];
  const test = spawnSync(binary, ["-t", ...args], { encoding: "utf8" });
  if (test.status !== 0) throw new Error(`nginx -t refused ${configFile}:\n${test.stderr}${test.stdout}`);
  return { binary, args };
}

let options: ClusterOptions;
try {
  options = parseClusterOptions(process.argv.slice(2), process.env);
} catch (error) {
  console.error(message(error));
  process.exit(2);
}

let prepared: Awaited<ReturnType<typeof prepare>>;
try {
  prepared = await prepare(options);
} catch (error) {
  console.error(`${message(error)}\nNothing was started.`);
  process.exit(1);
}

const children = createChildren(root, STOP_GRACE_MS);
let stopping = false;
async function stop(code: number, why?: string) {
  if (stopping) return;
  stopping = true;
  if (why) console.error(why);
  console.log("\nbuddylist cluster: stopping…");
  await children.stopAll();
  process.exit(code);
}
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(signal, () => void stop(0));
process.on("uncaughtException", (error) => void stop(1, error.stack ?? message(error)));
process.on("unhandledRejection", (error) => void stop(1, message(error)));
void children.unexpectedExit.then((child) => stop(1, `${child.name} ended unexpectedly; stopping the others.`));

async function startInstance(index: number): Promise<Child> {
  const port = options.instancePorts[index]!;
  const child = children.start(`instance-${index + 1}`, process.execPath, ["--import", "tsx", prepared.script], {
    ...process.env,
    NODE_ENV: "production",
    PORT: String(port),
    HOST: "127.0.0.1",
    DATABASE_URL: options.databaseUrl,
    REDIS_URL: options.redisUrl,
    INSTANCE_ID: `instance-${index + 1}`,
    TRUST_PROXY: "true",
  });
  await waitUntilHealthy(`http://127.0.0.1:${port}/api/health`, child.exited, START_TIMEOUT_MS);
  return child;
}

try {
  // The first instance applies the migrations; the others start when it is ready.
  await startInstance(0);
  await Promise.all(options.instancePorts.slice(1).map((_, index) => startInstance(index + 1)));
  const instances = options.instancePorts.map((port, index) => `  instance-${index + 1}  http://127.0.0.1:${port}`).join("\n");
  if (prepared.nginx) {
    const nginx = children.start("nginx", prepared.nginx.binary, [...prepared.nginx.args, "-g", "daemon off;"], process.env);
    await waitUntilHealthy(`http://127.0.0.1:${options.listen}/api/health`, nginx.exited, 30_000);
    console.log(`\nbuddylist cluster: ${options.count} instances behind http://localhost:${options.listen} (Ctrl-C stops them all)\n${instances}\n`);
  } else {
    console.log(
      `\nbuddylist cluster: ${options.count} instances for your own load balancer (Ctrl-C stops them all)\n${instances}\n` +
        "Sockets (/socket.io/) need sticky sessions; deploy/nginx.conf shows how.\n",
    );
  }
} catch (error) {
  await stop(1, message(error));
}
