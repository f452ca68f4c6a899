// PostgreSQL and Redis for the tests that need them: checked first, started when they are
// installed but down (the commands this machine kind uses), with a clear error otherwise.
import { execSync, spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";

const quiet = (command: string) => spawnSync("sh", ["-c", command], { stdio: "ignore" }).status === 0;
const sleep = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

function waitFor(check: () => boolean, seconds: number): boolean {
  for (let waited = 0; waited < seconds * 10; waited += 1) {
    if (check()) return true;
    sleep(100);
  }
  return check();
}

export function ensurePostgres(): void {
  const ready = () => quiet("pg_isready -h 127.0.0.1 -p 5432 -q");
  if (ready()) return;
  console.log("PostgreSQL is not answering on 127.0.0.1:5432; starting it…");
  try {
    const version = readdirSync("/etc/postgresql")[0];
    execSync(`pg_ctlcluster --skip-systemctl-redirect ${version} main start`, { stdio: "inherit" });
  } catch {
    // reported below
  }
  if (!waitFor(ready, 20)) {
    throw new Error("PostgreSQL is needed on 127.0.0.1:5432 (trust auth for user postgres): apt-get install postgresql");
  }
}

export function ensureRedis(): void {
  const ready = () => quiet("redis-cli -h 127.0.0.1 -p 6379 ping");
  if (ready()) return;
  console.log("Redis is not answering on 127.0.0.1:6379; starting it…");
  quiet("redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save '' --appendonly no");
  if (!waitFor(ready, 10)) throw new Error("Redis is needed on 127.0.0.1:6379: apt-get install redis-server");
}
