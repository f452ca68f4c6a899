// Limits how many sign-ups one client address may attempt per hour (every attempt counts: each
// one costs an Argon2 hash). Counting is lib/cluster/limiters.ts's: memory, or Redis in a cluster.
import { type LimiterFactory, memoryLimiters } from "@/lib/cluster/limiters";
import { takeAll } from "@/lib/cluster/take-all";
import { clientNetwork } from "./client-network";

/** `perHour`: SIGNUPS_PER_ADDRESS_PER_HOUR. */
export function createSignUpLimiter(perHour: number, create: LimiterFactory = memoryLimiters) {
  const limiter = create({ keyPrefix: "signup-addr", points: perHour, duration: 60 * 60 });
  return {
    /** 0 when a sign-up from this address may go ahead; else the seconds to wait. */
    async take(address: string): Promise<number> {
      return takeAll([{ limiter, key: clientNetwork(address) }], "counted");
    },
  };
}
export type SignUpLimiter = ReturnType<typeof createSignUpLimiter>;
