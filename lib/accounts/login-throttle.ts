// Slows down password guessing: too many failed sign-ins for one username, or from one client
// address, block further attempts for a while. Counting is rate-limiter-flexible's; only
// failures count, and a success clears the username's count.
import { RateLimiterMemory, type RateLimiterAbstract } from "rate-limiter-flexible";

export const LOGIN_LIMITS = {
  perUsername: { points: 5, duration: 15 * 60, blockDuration: 60 },
  perAddress: { points: 30, duration: 15 * 60, blockDuration: 5 * 60 },
} as const;

export function createLoginThrottle(
  limiters: { perUsername: RateLimiterAbstract; perAddress: RateLimiterAbstract } = {
    perUsername: new RateLimiterMemory({ keyPrefix: "login-user", ...LOGIN_LIMITS.perUsername }),
    perAddress: new RateLimiterMemory({ keyPrefix: "login-addr", ...LOGIN_LIMITS.perAddress }),
  },
) {
  const { perUsername, perAddress } = limiters;

  async function blockedFor(limiter: RateLimiterAbstract, key: string, points: number): Promise<number> {
    const state = await limiter.get(key);
    if (!state || state.consumedPoints <= points) return 0;
    return Math.max(1, Math.ceil(state.msBeforeNext / 1000));
  }

  return {
    /** Seconds until another attempt is allowed; 0 when it is allowed now. */
    async retryAfter(username: string, address: string): Promise<number> {
      const [byName, byAddress] = await Promise.all([
        blockedFor(perUsername, username, LOGIN_LIMITS.perUsername.points),
        blockedFor(perAddress, address, LOGIN_LIMITS.perAddress.points),
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
