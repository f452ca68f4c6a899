// Limits how many sign-ups one client address may attempt per hour (every attempt counts: each
// one costs an Argon2 hash). Counting is rate-limiter-flexible's: memory, or Redis in a cluster.
import { RateLimiterRes } from "rate-limiter-flexible";
import { type LimiterFactory, memoryLimiters } from "@/lib/cluster/limiters";
import { clientNetwork } from "./client-network";

/** `perHour`: SIGNUPS_PER_ADDRESS_PER_HOUR. */
export function createSignUpLimiter(perHour: number, create: LimiterFactory = memoryLimiters) {
  const limiter = create({ keyPrefix: "signup-addr", points: perHour, duration: 60 * 60 });
  return {
    /** 0 when a sign-up from this address may go ahead; else the seconds to wait. */
    async take(address: string): Promise<number> {
      try {
        await limiter.consume(clientNetwork(address));
        return 0;
      } catch (rejection) {
        if (rejection instanceof RateLimiterRes) return Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
        throw rejection;
      }
    },
  };
}
export type SignUpLimiter = ReturnType<typeof createSignUpLimiter>;
