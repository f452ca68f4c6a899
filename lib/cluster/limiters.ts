// Rate-limit counters come from rate-limiter-flexible: in memory for one instance, in Redis
// (shared by every instance) when the service runs as a cluster.
import { RateLimiterMemory, RateLimiterRedis, type RateLimiterAbstract } from "rate-limiter-flexible";
import type { RedisConnections } from "./redis";

export type LimiterOptions = { keyPrefix: string; points: number; duration: number; blockDuration?: number };
export type LimiterFactory = (options: LimiterOptions) => RateLimiterAbstract;

export const memoryLimiters: LimiterFactory = (options) => new RateLimiterMemory(options);

export function redisLimiters(redis: RedisConnections): LimiterFactory {
  return (options) =>
    new RateLimiterRedis({ ...options, storeClient: redis.command, keyPrefix: `${redis.prefix}limit:${options.keyPrefix}` });
}
