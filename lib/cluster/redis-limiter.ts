// A rate limit counted in Redis, shared by every instance of a cluster, that answers as
// rate-limiter-flexible's RateLimiterMemory does (points, window, blockDuration, the
// RateLimiterRes it resolves or rejects with) in one Redis command per call
// (lib/cluster/limiter-scripts.ts). Only what the callers use: no execEvenly, no per-call
// customDuration, and every key expires (a window or a block of 0 seconds is refused).
import type { Redis } from "ioredis";
import { RateLimiterRes } from "rate-limiter-flexible";
import type { LimiterOptions } from "./limiters";
import { withLimiterScripts } from "./limiter-scripts";

export class RedisLimiter {
  readonly client: Redis;
  readonly points: number;
  readonly windowMs: number;
  readonly blockMs: number;
  private readonly keyPrefix: string;

  /** Keys are `${keyPrefix}:${key}`, as rate-limiter-flexible names them. */
  constructor(client: Redis, options: LimiterOptions) {
    this.client = withLimiterScripts(client);
    this.points = options.points;
    this.windowMs = positiveMs(options.duration, "duration");
    this.blockMs = options.blockDuration ? positiveMs(options.blockDuration, "blockDuration") : 0;
    this.keyPrefix = options.keyPrefix;
  }

  keyFor(key: string | number): string {
    return `${this.keyPrefix}:${key}`;
  }

  /** Resolves with the count, or rejects with it past the points (starting a block if set). */
  async consume(key: string | number, points = 1): Promise<RateLimiterRes> {
    const result = await this.add(key, points, this.blockMs);
    if (result.consumedPoints > this.points) throw result;
    return result;
  }

  reward(key: string | number, points = 1): Promise<RateLimiterRes> {
    return this.add(key, -points, 0);
  }

  async get(key: string | number): Promise<RateLimiterRes | null> {
    const found = await this.client.limitRead(this.keyFor(key));
    if (!found) return null;
    const [count, ttl] = found;
    return new RateLimiterRes(this.remaining(count), ttl, count, false);
  }

  /** Holds the key past its points for `seconds`, as RateLimiterMemory's block does. */
  async block(key: string | number, seconds: number): Promise<RateLimiterRes> {
    const ms = positiveMs(seconds, "block");
    await this.client.set(this.keyFor(key), this.points + 1, "PX", ms);
    return new RateLimiterRes(0, ms, this.points + 1);
  }

  async delete(key: string | number): Promise<boolean> {
    return (await this.client.del(this.keyFor(key))) > 0;
  }

  private async add(key: string | number, change: number, blockMs: number): Promise<RateLimiterRes> {
    const [count, ttl, fresh] = await this.client.limitAdd(this.keyFor(key), change, this.windowMs, this.points, blockMs);
    return new RateLimiterRes(this.remaining(count), ttl, count, fresh === 1);
  }

  private remaining(count: number): number {
    return Math.max(this.points - count, 0);
  }
}

function positiveMs(seconds: number, name: string): number {
  const ms = Math.round(seconds * 1000);
  if (!(ms > 0)) throw new RangeError(`${name} must be more than 0 seconds for a Redis-backed limit (its keys must expire)`);
  return ms;
}
