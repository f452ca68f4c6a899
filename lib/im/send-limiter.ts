// Rate limits on sending (DELIVERY RULES against spam): anyone at most 30 messages in 10
// seconds; a stranger (neither a contact nor in a conversation the owner accepted) at most 5 a
// minute to one inbox. Counting is rate-limiter-flexible's, in whatever store the limiter
// factory uses: memory for one instance, Redis shared by a cluster (lib/cluster/limiters.ts).
import { RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import { type LimiterFactory, memoryLimiters } from "@/lib/cluster/limiters";

export type SendLimits = {
  perSender: { points: number; duration: number };
  perStrangerInbox: { points: number; duration: number };
};

export const SEND_LIMITS: SendLimits = {
  perSender: { points: 30, duration: 10 },
  perStrangerInbox: { points: 5, duration: 60 },
};

export type SendLimiter = {
  /**
   * Takes one message from the sender's allowances. 0 when it may be sent; otherwise the
   * seconds to wait, and no allowance is used up by the refused message.
   */
  take(senderId: string, recipientId: string, options: { stranger: boolean }): Promise<number>;
};

export function createSendLimiter(create: LimiterFactory = memoryLimiters, limits: SendLimits = SEND_LIMITS): SendLimiter {
  const perSender = create({ keyPrefix: "im-sender", ...limits.perSender });
  const perStrangerInbox = create({ keyPrefix: "im-stranger", ...limits.perStrangerInbox });

  /** 0 when a point was taken, else the seconds until one frees up. */
  async function consume(limiter: RateLimiterAbstract, key: string): Promise<number> {
    try {
      await limiter.consume(key);
      return 0;
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes) {
        // A refused attempt still counts in the store; give it back, so only sent messages count.
        await limiter.reward(key, 1);
        return Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
      }
      throw rejection;
    }
  }

  return {
    async take(senderId, recipientId, { stranger }) {
      const wait = await consume(perSender, senderId);
      if (wait > 0 || !stranger) return wait;
      const inboxWait = await consume(perStrangerInbox, `${senderId}>${recipientId}`);
      if (inboxWait > 0) await perSender.reward(senderId, 1);
      return inboxWait;
    },
  };
}
