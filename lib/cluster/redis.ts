// Redis connections for a cluster of instances (REDIS_URL). Keys and channels carry a prefix
// so several services (or test runs) can share one Redis.
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
