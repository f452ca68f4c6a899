// Redis connections for a cluster of instances (REDIS_URL). Keys and channels carry a prefix
// so several services (or test runs) can share one Redis.
import { setTimeout as sleep } from "node:timers/promises";
import { Redis } from "ioredis";
import type { Logger } from "@/lib/log";

export type RedisConnections = {
  /** Commands (hashes, sets, rate-limit counters) and publishing. */
  command: Redis;
  /** A connection in subscriber mode (it can do nothing else). */
  subscriber: Redis;
  prefix: string;
  close(): Promise<void>;
};

export function connectRedis(url: string, prefix: string, logger: Logger): RedisConnections {
  const options = { maxRetriesPerRequest: null, enableAutoPipelining: true, lazyConnect: false };
  const command = new Redis(url, options);
  const subscriber = new Redis(url, options);
  for (const [name, client] of [["command", command], ["subscriber", subscriber]] as const) {
    client.on("error", (error: Error) => logger.warn({ connection: name, err: error.message }, "redis connection error"));
    client.on("ready", () => logger.info({ connection: name }, "redis ready"));
  }
  return {
    command,
    subscriber,
    prefix,
    async close() {
      await Promise.allSettled([command.quit(), subscriber.quit()]);
    },
  };
}

/** The major version in `INFO server`'s text (`redis_version:7.0.15`), or null if absent. */
export function redisMajorVersion(info: string): number | null {
  const match = /^redis_version:(\d+)\./m.exec(info);
  return match ? Number(match[1]) : null;
}

/** The oldest Redis the cluster runs on: rooms are sharded pub/sub channels (SPUBLISH, Redis 7). */
export const MIN_REDIS_MAJOR = 7;

/**
 * Refuses to start on a Redis too old for sharded pub/sub, with a message that says so, rather
 * than failing each emit later. A Redis not answering yet is not waited for past `waitMs`: it
 * may come up after the instance (the connections retry), and is then taken as it comes.
 */
export async function checkRedisVersion(command: Redis, logger: Logger, waitMs = 5_000): Promise<void> {
  // Some hosted Redis refuse INFO: then the version is not checked either.
  const asked = command.info("server").catch(() => null);
  const info = await Promise.race([asked, sleep(waitMs, null, { ref: false })]);
  if (info === null) return logger.warn({ waitedMs: waitMs }, "redis did not tell its version: not checked");
  const major = redisMajorVersion(info);
  if (major !== null && major < MIN_REDIS_MAJOR) {
    throw new Error(`REDIS_URL: buddylist needs Redis ${MIN_REDIS_MAJOR} or later (sharded pub/sub); this one is ${major}.x`);
  }
}
