// Slows down password guessing without letting anyone lock the owner out (OWASP's
// "Blocking Brute Force Attacks"): failures are counted per (name, address) and per address,
// which block that pair or that address for a while; a name attacked from everywhere is only
// slowed down, with a delay that doubles with every failure up to a ceiling, and not at all for
// an address the owner signed in from before. Counting is lib/cluster/limiters.ts's (memory, or
// Redis in a cluster); only failures count, and a success clears the name's counts. Names are
// counted whether or not they exist, so the answers never tell the two apart.
import { RateLimiterRes } from "rate-limiter-flexible";
import { type Limiter, type LimiterFactory, memoryLimiters } from "@/lib/cluster/limiters";
import { clientNetwork } from "./client-network";

export const LOGIN_LIMITS = {
  /** One attacker guessing one name: blocked for a while (only that pair). */
  perNameAndAddress: { failures: 5, windowSeconds: 15 * 60, blockSeconds: 5 * 60 },
  /** One address guessing many names. */
  perAddress: { failures: 30, windowSeconds: 15 * 60, blockSeconds: 15 * 60 },
  /** One name guessed from many addresses: delayed, never locked. */
  perName: { freeFailures: 5, windowSeconds: 60 * 60, firstDelaySeconds: 2, maxDelaySeconds: 60 },
} as const;

type NameLimit = { freeFailures: number; firstDelaySeconds: number; maxDelaySeconds: number };

/** Seconds a name must wait after its latest failure: 0, then 2, 4, 8 … up to the ceiling. */
export function nameDelaySeconds(failures: number, limit: NameLimit = LOGIN_LIMITS.perName): number {
  if (failures < limit.freeFailures) return 0;
  const doublings = Math.min(failures - limit.freeFailures, 30);
  return Math.min(limit.firstDelaySeconds * 2 ** doublings, limit.maxDelaySeconds);
}

/** The seconds until a block set on `key` ends; 0 when there is none. */
async function blockedFor(limiter: Limiter, key: string): Promise<number> {
  const state = await limiter.get(key);
  if (!state || state.consumedPoints <= limiter.points) return 0;
  return Math.max(1, Math.ceil(state.msBeforeNext / 1000));
}

/** Takes a point; a refusal is what sets the block, so it is expected, not an error. */
async function count(limiter: Limiter, key: string): Promise<number> {
  try {
    return (await limiter.consume(key)).consumedPoints;
  } catch (rejection) {
    if (rejection instanceof RateLimiterRes) return rejection.consumedPoints;
    throw rejection;
  }
}

export function createLoginThrottle(create: LimiterFactory = memoryLimiters, limits = LOGIN_LIMITS) {
  // N failures allowed means N - 1 points: the N-th failure itself starts the block.
  const perPair = create({
    keyPrefix: "login-pair",
    points: limits.perNameAndAddress.failures - 1,
    duration: limits.perNameAndAddress.windowSeconds,
    blockDuration: limits.perNameAndAddress.blockSeconds,
  });
  const perAddress = create({
    keyPrefix: "login-addr",
    points: limits.perAddress.failures - 1,
    duration: limits.perAddress.windowSeconds,
    blockDuration: limits.perAddress.blockSeconds,
  });
  // The name's failures, and separately the delay after the latest one (a block of that length).
  const nameFailures = create({ keyPrefix: "login-name", points: Number.MAX_SAFE_INTEGER, duration: limits.perName.windowSeconds });
  const nameDelay = create({ keyPrefix: "login-delay", points: 1, duration: limits.perName.maxDelaySeconds });

  const pairKey = (username: string, network: string) => `${network} ${username}`;

  return {
    /**
     * Seconds until this attempt may be checked; 0 when it may be now. `knownAddress` says
     * whether the name's owner signed in from this address before; it is asked only while the
     * name is being slowed down.
     */
    async retryAfter(username: string, address: string, options: { knownAddress: () => Promise<boolean> }): Promise<number> {
      const network = clientNetwork(address);
      const [byPair, byAddress, byName] = await Promise.all([
        blockedFor(perPair, pairKey(username, network)),
        blockedFor(perAddress, network),
        blockedFor(nameDelay, username),
      ]);
      const blocked = Math.max(byPair, byAddress);
      if (blocked > 0 || byName === 0) return blocked;
      return (await options.knownAddress()) ? 0 : byName;
    },

    async recordFailure(username: string, address: string): Promise<void> {
      const network = clientNetwork(address);
      const [failures] = await Promise.all([
        count(nameFailures, username),
        count(perPair, pairKey(username, network)),
        count(perAddress, network),
      ]);
      const delay = nameDelaySeconds(failures, limits.perName);
      if (delay > 0) await nameDelay.block(username, delay);
    },

    /** The right password: the name and this pair start again; the address count stays. */
    async recordSuccess(username: string, address: string): Promise<void> {
      await Promise.all([
        perPair.delete(pairKey(username, clientNetwork(address))),
        nameFailures.delete(username),
        nameDelay.delete(username),
      ]);
    },
  };
}
export type LoginThrottle = ReturnType<typeof createLoginThrottle>;
