// One action that needs a point from several limits (an account's and its address's, a
// sender's and a stranger inbox's) takes them together: in memory one limit after the other,
// in Redis all in one command (lib/cluster/limiter-scripts.ts), which also gives back in the
// same step what a refusal must not spend.
import { RateLimiterRes } from "rate-limiter-flexible";
import type { Limiter } from "./limiters";
import { RedisLimiter } from "./redis-limiter";

export type Claim = { limiter: Limiter; key: string };

/**
 * What a refusal costs.
 * - "counted": every limit is asked; one that refuses keeps the attempt (its count may grow
 *   past its points; the window still ends when it would), those that said yes get theirs back.
 *   The wait is the longest refusal's.
 * - "free": the limits are asked in order until one refuses; none keeps a point. The wait is
 *   that refusal's.
 */
export type Refusals = "counted" | "free";

/** 0 when every limit gave its point; else the seconds to wait (at least 1). */
export async function takeAll(claims: Claim[], refusals: Refusals): Promise<number> {
  const inRedis = oneRedis(claims);
  if (inRedis) {
    const limiters = claims.map(({ limiter }) => limiter as RedisLimiter);
    const keys = claims.map(({ key }, index) => limiters[index]!.keyFor(key));
    const limits = limiters.flatMap((limiter) => [limiter.points, limiter.windowMs]);
    const [refused, waitMs] = await inRedis.limitTakeAll(claims.length, ...keys, refusals, ...limits);
    return refused === 1 ? secondsToWait(waitMs) : 0;
  }
  return refusals === "counted" ? takeCounted(claims) : takeFree(claims);
}

/** The Redis client when every claim is counted there, on one client, without a block. */
function oneRedis(claims: Claim[]) {
  const [first] = claims;
  if (!(first?.limiter instanceof RedisLimiter)) return null;
  const client = first.limiter.client;
  const same = claims.every(({ limiter }) => limiter instanceof RedisLimiter && limiter.client === client && limiter.blockMs === 0);
  return same ? client : null;
}

async function takeCounted(claims: Claim[]): Promise<number> {
  const waits = await Promise.all(claims.map(({ limiter, key }) => consume(limiter, key, { giveBackIfRefused: false })));
  if (waits.every((wait) => wait === 0)) return 0;
  for (const [index, { limiter, key }] of claims.entries()) {
    if (waits[index] === 0) await limiter.reward(key, 1);
  }
  return Math.max(...waits);
}

async function takeFree(claims: Claim[]): Promise<number> {
  for (const [index, { limiter, key }] of claims.entries()) {
    const wait = await consume(limiter, key, { giveBackIfRefused: true });
    if (wait === 0) continue;
    for (const taken of claims.slice(0, index)) await taken.limiter.reward(taken.key, 1);
    return wait;
  }
  return 0;
}

/** 0 when a point was taken, else the seconds until one frees up. */
async function consume(limiter: Limiter, key: string, { giveBackIfRefused }: { giveBackIfRefused: boolean }): Promise<number> {
  try {
    await limiter.consume(key);
    return 0;
  } catch (rejection) {
    if (rejection instanceof RateLimiterRes) {
      // A refused attempt still counts in the store; give it back when refusals are free.
      if (giveBackIfRefused) await limiter.reward(key, 1);
      return secondsToWait(rejection.msBeforeNext);
    }
    throw rejection;
  }
}

function secondsToWait(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1000));
}
