// Rate limits on sending (DELIVERY RULES against spam): anyone at most 30 messages in 10
// seconds; a stranger (neither a contact nor in a conversation the owner accepted) at most 5 a
// minute to one inbox. Counting is in whatever store the limiter factory uses: memory for one
// instance, Redis shared by a cluster (lib/cluster/limiters.ts), both limits taken in one step
// (lib/cluster/take-all.ts).
import { type LimiterFactory, memoryLimiters } from "@/lib/cluster/limiters";
import { takeAll } from "@/lib/cluster/take-all";

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

  return {
    async take(senderId, recipientId, { stranger }) {
      // Only sent messages count: a refusal spends no limit's point.
      const sender = { limiter: perSender, key: senderId };
      const inbox = { limiter: perStrangerInbox, key: `${senderId}>${recipientId}` };
      return takeAll(stranger ? [sender, inbox] : [sender], "free");
    },
  };
}
