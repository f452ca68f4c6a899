// Rate limits on socket commands, per command class (lib/realtime/command-classes.ts): each
// account, and each client address (an IPv6 /64), may send so many commands of a class per
// minute. An address may send ADDRESS_LIMIT_FACTOR accounts' worth, for households and offices
// behind one address. Counting is in whatever store the limiter factory uses:
// memory for one instance, Redis shared by a cluster (lib/cluster/limiters.ts), both taken in
// one step (lib/cluster/take-all.ts).
import { clientNetwork } from "@/lib/accounts/client-network";
import { type Limiter, type LimiterFactory, memoryLimiters } from "@/lib/cluster/limiters";
import { takeAll } from "@/lib/cluster/take-all";
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
  ) as Record<CommandClass, { account: Limiter; address: Limiter }>;

  return {
    /**
     * Takes one command of a class from the account's and the address's allowances: 0 when it
     * may run, else the seconds to wait.
     */
    async take(commandClass: CommandClass, accountId: string, address: string): Promise<number> {
      const { account, address: byAddress } = limiters[commandClass];
      // One allowance said yes, the other no: the one that said yes gets its point back, so a
      // crowded address does not use up its accounts' own allowances. (Past its limit, a count
      // may grow: the window still ends when it would.)
      return takeAll(
        [
          { limiter: account, key: accountId },
          { limiter: byAddress, key: clientNetwork(address) },
        ],
        "counted",
      );
    },
  };
}
export type CommandLimiter = ReturnType<typeof createCommandLimiter>;
