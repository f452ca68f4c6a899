// `npm run cluster -- [instances]`: a local demonstration of several servers forming one
// service: N instances (default 3) on PostgreSQL and Redis behind nginx on port 8080.
// Ctrl-C stops everything.
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { ensureBuild } from "./build-if-needed";
import { ensurePostgres, ensureRedis } from "./services";

const root = path.resolve(import.meta.dirname, "..");
const count = Number(process.argv[2] ?? 3);
const listen = Number(process.env.CLUSTER_PORT ?? 8080);
const firstPort = Number(process.env.CLUSTER_FIRST_INSTANCE_PORT ?? 3101);
const databaseUrl = process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/buddylist_cluster";
const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const runtime = path.join(root, "data", "cluster");

if (!Number.isInteger(count) || count < 1 || count > 16) throw new Error("Give a number of instances from 1 to 16.");

async function ensureDatabase(url: string) {
  const target = new URL(url);
  const name = target.pathname.slice(1);
  const admin = new URL(url);
  admin.pathname = "/postgres";
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  const exists = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
  if (exists.rowCount === 0) await client.query(`CREATE DATABASE "${name.replace(/"/g, "")}"`);
  await client.end();
}

ensurePostgres();
ensureRedis();
ensureBuild();
await ensureDatabase(databaseUrl);
mkdirSync(runtime, { recursive: true });

const children: ChildProcess[] = [];
const ports = Array.from({ length: count }, (_, index) => firstPort + index);
for (const [index, port] of ports.entries()) {
  const child = spawn(process.execPath, ["--import", "tsx", "server.ts"], {
    cwd: root,
    stdio: "inherit",
    env: {
      ...process.env,
      NODE_ENV: "production",
      PORT: String(port),
      HOST: "127.0.0.1",
      DATABASE_URL: databaseUrl,
      REDIS_URL: redisUrl,
      INSTANCE_ID: `instance-${index + 1}`,
      TRUST_PROXY: "true",
    },
  });
  children.push(child);
  // The first instance applies migrations before the others start.
  if (index === 0) await new Promise((resolve) => setTimeout(resolve, 4_000));
}

const upstreams = ports.map((port) => `    server 127.0.0.1:${port} max_fails=1 fail_timeout=5s;`).join("\n");
const config = readFileSync(path.join(root, "deploy", "nginx.conf"), "utf8")
  .replaceAll("@UPSTREAMS@", upstreams)
  .replaceAll("@LISTEN@", String(listen))
  .replaceAll("@RUNTIME_DIR@", runtime);
const configFile = path.join(runtime, "nginx.conf");
writeFileSync(configFile, config);
execFileSync("nginx", ["-t", "-c", configFile, "-p", runtime], { stdio: "inherit" });
const nginx = spawn("nginx", ["-c", configFile, "-p", runtime, "-g", "daemon off;"], { stdio: "inherit" });
children.push(nginx);
console.log(`\nbuddylist cluster: ${count} instances behind http://localhost:${listen} (Ctrl-C stops it)\n`);

function stop() {
  for (const child of children) child.kill("SIGTERM");
  setTimeout(() => process.exit(0), 3_000).unref();
}
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
