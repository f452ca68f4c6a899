// Limits how often one watcher may poll presence over REST (rate-limiter-flexible).
import { RateLimiterRes } from "rate-limiter-flexible";
import { type LimiterFactory, memoryLimiters } from "@/lib/cluster/limiters";

export const POLL_LIMIT = { points: 60, duration: 60 } as const;

export function createPollLimiter(create: LimiterFactory = memoryLimiters) {
  const limiter = create({ keyPrefix: "poll", ...POLL_LIMIT });
  return {
    /** 0 when the poll may go ahead, else the seconds to wait. */
    async take(watcherKey: string): Promise<number> {
      try {
        await limiter.consume(watcherKey);
        return 0;
      } catch (rejection) {
        if (rejection instanceof RateLimiterRes) return Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
        throw rejection;
      }
    },
  };
}
export type PollLimiter = ReturnType<typeof createPollLimiter>;
