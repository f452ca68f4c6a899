// A Redis server of the test's own, on a free port, so a test can restart it (as in an
// outage) without touching anyone else's Redis.
import { type ChildProcess, spawn } from "node:child_process";
import { freePort } from "../free-port";
import { Redis } from "ioredis";


export type TestRedis = { url: string; stop(): Promise<void>; restart(): Promise<void> };

export async function startRedis(): Promise<TestRedis> {
  const port = await freePort();
  const url = `redis://127.0.0.1:${port}`;
  let child: ChildProcess | undefined;

  async function start() {
    child = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], {
      stdio: "ignore",
    });
    const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    probe.on("error", () => {}); // refused until the server is up: that is what we wait for
    for (let attempt = 0; attempt < 100; attempt += 1) {
      try {
        await probe.connect();
        await probe.ping();
        probe.disconnect();
        return;
      } catch {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
    throw new Error(`redis-server did not start on port ${port} (is redis-server installed?)`);
  }

  async function stop() {
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child!.once("exit", resolve));
    child.kill("SIGKILL");
    await exited;
  }

  await start();
  return {
    url,
    stop,
    async restart() {
      await stop();
      await start();
    },
  };
}

/** Deletes every key under `prefix` (what a test run left in a shared Redis). */
export async function deleteKeys(url: string, prefix: string): Promise<number> {
  const redis = new Redis(url, { maxRetriesPerRequest: 1 });
  try {
    let deleted = 0;
    let cursor = "0";
    do {
      const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}*`, "COUNT", 500);
      if (keys.length > 0) deleted += await redis.del(...keys);
      cursor = next;
    } while (cursor !== "0");
    return deleted;
  } finally {
    redis.disconnect();
  }
}
