// Limits how often one watcher may poll presence over REST (lib/cluster/limiters.ts: memory, or
// Redis in a cluster).
import { type LimiterFactory, memoryLimiters } from "@/lib/cluster/limiters";
import { takeAll } from "@/lib/cluster/take-all";

export const POLL_LIMIT = { points: 60, duration: 60 } as const;

export function createPollLimiter(create: LimiterFactory = memoryLimiters) {
  const limiter = create({ keyPrefix: "poll", ...POLL_LIMIT });
  return {
    /** 0 when the poll may go ahead, else the seconds to wait. */
    async take(watcherKey: string): Promise<number> {
      return takeAll([{ limiter, key: watcherKey }], "counted");
    },
  };
}
export type PollLimiter = ReturnType<typeof createPollLimiter>;
