// Rate-limit counters: rate-limiter-flexible's in memory for one instance, our own in Redis
// (shared by every instance, one command per call: lib/cluster/redis-limiter.ts) when the
// service runs as a cluster.
import { RateLimiterMemory, type RateLimiterAbstract } from "rate-limiter-flexible";
import type { RedisConnections } from "./redis";
import { RedisLimiter } from "./redis-limiter";

export type LimiterOptions = { keyPrefix: string; points: number; duration: number; blockDuration?: number };
/** What the callers use of a rate-limiter-flexible limiter. */
export type Limiter = Pick<RateLimiterAbstract, "points" | "consume" | "reward" | "get" | "block" | "delete">;
export type LimiterFactory = (options: LimiterOptions) => Limiter;

export const memoryLimiters: LimiterFactory = (options) => new RateLimiterMemory(options);

export function redisLimiters(redis: RedisConnections): LimiterFactory {
  return (options) => new RedisLimiter(redis.command, { ...options, keyPrefix: `${redis.prefix}limit:${options.keyPrefix}` });
}
