// Rate limits on socket commands, per command class (lib/realtime/command-classes.ts): each
// account, and each client address (an IPv6 /64), may send so many commands of a class per
// minute. An address may send ADDRESS_LIMIT_FACTOR accounts' worth, for households and offices
// behind one address. Counting is rate-limiter-flexible's, in whatever store the factory uses:
// memory for one instance, Redis shared by a cluster (lib/cluster/limiters.ts).
import { RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import { clientNetwork } from "@/lib/accounts/client-network";
import { type LimiterFactory, memoryLimiters } from "@/lib/cluster/limiters";
import { COMMAND_CLASSES, type CommandClass } from "./command-classes";

export type CommandLimits = {
  /** Commands of each class one account may send per minute. */
  perMinute: Record<CommandClass, number>;
  /** An address may send this many times an account's allowance. */
  addressFactor: number;
};

const WINDOW_SECONDS = 60;

export function createCommandLimiter(limits: CommandLimits, create: LimiterFactory = memoryLimiters) {
  const limiters = Object.fromEntries(
    COMMAND_CLASSES.map((commandClass) => [
      commandClass,
      {
        account: create({ keyPrefix: `cmd-${commandClass}`, points: limits.perMinute[commandClass], duration: WINDOW_SECONDS }),
        address: create({
          keyPrefix: `cmd-${commandClass}-addr`,
          points: limits.perMinute[commandClass] * limits.addressFactor,
          duration: WINDOW_SECONDS,
        }),
      },
    ]),
  ) as Record<CommandClass, { account: RateLimiterAbstract; address: RateLimiterAbstract }>;

  /** 0 when a point was taken, else the seconds until one frees up. */
  async function consume(limiter: RateLimiterAbstract, key: string): Promise<number> {
    try {
      await limiter.consume(key);
      return 0;
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes) return Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
      throw rejection;
    }
  }

  return {
    /**
     * Takes one command of a class from the account's and the address's allowances: 0 when it
     * may run, else the seconds to wait.
     */
    async take(commandClass: CommandClass, accountId: string, address: string): Promise<number> {
      const { account, address: byAddress } = limiters[commandClass];
      const network = clientNetwork(address);
      const [accountWait, addressWait] = await Promise.all([consume(account, accountId), consume(byAddress, network)]);
      if (accountWait === 0 && addressWait === 0) return 0;
      // One allowance said yes, the other no: give the point back to the one that said yes, so
      // a crowded address does not use up its accounts' own allowances. (Past its limit, a
      // count may grow: the window still ends when it would.)
      if (accountWait === 0) await account.reward(accountId, 1);
      if (addressWait === 0) await byAddress.reward(network, 1);
      return Math.max(accountWait, addressWait);
    },
  };
}
export type CommandLimiter = ReturnType<typeof createCommandLimiter>;
