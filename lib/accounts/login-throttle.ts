// Slows down password guessing: too many failed sign-ins for one username, or from one client
// address, block further attempts for a while. Counting is rate-limiter-flexible's; only
// failures count, and a success clears the username's count.
import type { RateLimiterAbstract } from "rate-limiter-flexible";
import { type LimiterFactory, memoryLimiters } from "@/lib/cluster/limiters";

/** Failures allowed in the window (seconds) before attempts are refused for blockSeconds. */
export const LOGIN_LIMITS = {
  perUsername: { failures: 5, windowSeconds: 15 * 60, blockSeconds: 5 * 60 },
  perAddress: { failures: 30, windowSeconds: 15 * 60, blockSeconds: 15 * 60 },
} as const;

/**
 * The limiter blocks once more points than `points` are consumed, so allowing N failures
 * means N - 1 points: the N-th failure itself starts the block.
 */
function limiterFor(
  create: LimiterFactory,
  keyPrefix: string,
  limit: (typeof LOGIN_LIMITS)[keyof typeof LOGIN_LIMITS],
) {
  return create({ keyPrefix, points: limit.failures - 1, duration: limit.windowSeconds, blockDuration: limit.blockSeconds });
}

export function createLoginThrottle(create: LimiterFactory = memoryLimiters) {
  const perUsername = limiterFor(create, "login-user", LOGIN_LIMITS.perUsername);
  const perAddress = limiterFor(create, "login-addr", LOGIN_LIMITS.perAddress);

  async function blockedFor(limiter: RateLimiterAbstract, key: string): Promise<number> {
    const state = await limiter.get(key);
    if (!state || state.consumedPoints <= limiter.points) return 0;
    return Math.max(1, Math.ceil(state.msBeforeNext / 1000));
  }

  return {
    /** Seconds until another attempt is allowed; 0 when it is allowed now. */
    async retryAfter(username: string, address: string): Promise<number> {
      const [byName, byAddress] = await Promise.all([
        blockedFor(perUsername, username),
        blockedFor(perAddress, address),
      ]);
      return Math.max(byName, byAddress);
    },
    async recordFailure(username: string, address: string): Promise<void> {
      // consume() rejects once the limit is passed; the block it sets is what we want.
      await Promise.allSettled([perUsername.consume(username), perAddress.consume(address)]);
    },
    async recordSuccess(username: string): Promise<void> {
      await perUsername.delete(username);
    },
  };
}
export type LoginThrottle = ReturnType<typeof createLoginThrottle>;
