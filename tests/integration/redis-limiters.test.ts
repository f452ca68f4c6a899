// The Redis-backed rate limits (lib/cluster/redis-limiter.ts, lib/cluster/take-all.ts) against
// a Redis of the test's own: each call is one command sent to Redis (what runs inside its
// script is counted too), and over random sequences of consumes, rewards, reads, blocks,
// deletes, several-limit takes and pauses they answer as rate-limiter-flexible's memory limiter
// does — points, windows, blocks, refusals and the wait reported. Runs in the PostgreSQL pass
// with the other Redis tests. Seeded: LIMITER_SEED=<n> replays a run (the seed is printed).
import fc from "fast-check";
import { Redis } from "ioredis";
import { RateLimiterRes } from "rate-limiter-flexible";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Limiter, type LimiterOptions, memoryLimiters, redisLimiters } from "@/lib/cluster/limiters";
import type { RedisConnections } from "@/lib/cluster/redis";
import { takeAll, type Claim, type Refusals } from "@/lib/cluster/take-all";
import { onPostgres } from "./postgres";
import { startRedis, type TestRedis } from "./redis";

const SEED = Number(process.env.LIMITER_SEED ?? Math.floor(Math.random() * 2 ** 31));
/** How far apart the two stores' clocks may read (ms): each op reaches Redis a round trip before memory. */
const SLACK_MS = 120;

let redis: TestRedis;
let client: Redis;

function connections(prefix: string): RedisConnections {
  return { command: client, subscriber: client, prefix, close: async () => {} };
}

/** INFO commandstats as { command: calls }, the calls of commands run inside scripts included. */
async function commandCalls(): Promise<Record<string, number>> {
  const info = await client.info("commandstats");
  const calls: Record<string, number> = {};
  for (const [, name, count] of info.matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm)) calls[name!] = Number(count);
  return calls;
}

/** What `run` costs Redis: the commands sent (MONITOR) and every call, scripts' included (commandstats). */
async function cost(run: () => Promise<unknown>) {
  const monitor = await client.monitor();
  const sent: string[] = [];
  monitor.on("monitor", (_time: string, args: string[], source: string) => {
    if (source !== "lua" && !["info", "config"].includes(args[0]!.toLowerCase())) sent.push(args[0]!.toLowerCase());
  });
  await client.config("RESETSTAT");
  await run();
  const calls = await commandCalls();
  // MONITOR lags a little behind the commands it reports: a PING on its heels flushes it.
  await client.ping();
  await new Promise((resolve) => setTimeout(resolve, 50));
  monitor.disconnect();
  delete calls.info;
  delete calls["config|resetstat"];
  return { sent: sent.filter((name) => name !== "ping"), calls };
}

describe.runIf(onPostgres())("rate limits in Redis", () => {
  beforeAll(async () => {
    console.log(`limiter seed ${SEED} (replay with LIMITER_SEED=${SEED})`);
    redis = await startRedis();
    client = new Redis(redis.url);
  });
  afterAll(async () => {
    client?.disconnect();
    await redis?.stop();
  });

  it("costs one command per consume, and one per take of several limits", async () => {
    const create = redisLimiters(connections("count:"));
    const account = create({ keyPrefix: "cmd", points: 10, duration: 60 });
    const address = create({ keyPrefix: "cmd-addr", points: 1, duration: 60 });
    const claims = (who: string): Claim[] => [
      { limiter: account, key: who },
      { limiter: address, key: "10.0.0.1" },
    ];
    // ioredis sends a script's first call on a connection as EVAL, then EVALSHA.
    await account.consume("warm");
    await account.get("warm");
    await takeAll(claims("warm"), "counted");

    // A window's first consume sets its expiry; later ones only count.
    expect(await cost(() => account.consume("alice"))).toEqual({ sent: ["evalsha"], calls: { evalsha: 1, incrby: 1, pttl: 1, pexpire: 1 } });
    expect(await cost(() => account.consume("alice"))).toEqual({ sent: ["evalsha"], calls: { evalsha: 1, incrby: 1, pttl: 1 } });
    expect(await cost(() => account.reward("alice"))).toEqual({ sent: ["evalsha"], calls: { evalsha: 1, incrby: 1, pttl: 1 } });
    expect(await cost(() => account.get("alice"))).toEqual({ sent: ["evalsha"], calls: { evalsha: 1, get: 1, pttl: 1 } });
    expect(await cost(() => account.block("alice", 5))).toEqual({ sent: ["set"], calls: { set: 1 } });
    expect(await cost(() => account.delete("alice"))).toEqual({ sent: ["del"], calls: { del: 1 } });

    // Two limits in one command: only the counts, unless a window starts or one refuses.
    await address.delete("10.0.0.1");
    await takeAll(claims("bob"), "counted");
    await address.delete("10.0.0.1");
    expect(await cost(() => takeAll(claims("bob"), "counted"))).toEqual({ sent: ["evalsha"], calls: { evalsha: 1, incrby: 2, pexpire: 1 } });
    await account.consume("carol");
    await address.delete("10.0.0.1");
    expect(await cost(() => takeAll(claims("carol"), "free"))).toEqual({ sent: ["evalsha"], calls: { evalsha: 1, incrby: 2, pexpire: 1 } });
    // The address is spent: refused, its wait read, the account's point given back.
    expect(await cost(() => takeAll(claims("carol"), "counted"))).toEqual({ sent: ["evalsha"], calls: { evalsha: 1, incrby: 2, pttl: 1, decrby: 1 } });
    expect((await account.get("carol"))?.consumedPoints).toBe(2);
    expect((await address.get("10.0.0.1"))?.consumedPoints).toBe(2);
    // Most takes: one command, one count per limit.
    const roomy = create({ keyPrefix: "roomy", points: 10, duration: 60 });
    const steady: Claim[] = [{ limiter: account, key: "dave" }, { limiter: roomy, key: "dave" }];
    await takeAll(steady, "counted");
    expect(await cost(() => takeAll(steady, "counted"))).toEqual({ sent: ["evalsha"], calls: { evalsha: 1, incrby: 2 } });
    expect(await cost(() => takeAll(steady, "free"))).toEqual({ sent: ["evalsha"], calls: { evalsha: 1, incrby: 2 } });
  });

  it("reports the longest refusal's wait when refusals count, the first one's when they are free", async () => {
    const create = redisLimiters(connections("waits:"));
    const [minute, seconds] = [create({ keyPrefix: "minute", points: 1, duration: 60 }), create({ keyPrefix: "seconds", points: 1, duration: 5 })];
    await Promise.all([minute.consume("k"), seconds.consume("k")]);
    const claims = (...limiters: Limiter[]): Claim[] => limiters.map((limiter) => ({ limiter, key: "k" }));
    expect(await takeAll(claims(minute, seconds), "counted")).toBe(60);
    expect(await takeAll(claims(seconds, minute), "free")).toBe(5);
    expect([(await minute.get("k"))?.consumedPoints, (await seconds.get("k"))?.consumedPoints]).toEqual([2, 2]);
  });

  it("answers as the memory limiter does over random sequences (points, windows, blocks, waits)", { timeout: 240_000 }, async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(worldArbitrary, async ({ limits, ops }) => {
        run += 1;
        const prefix = `model-${run}:`;
        const inRedis = limits.map(redisLimiters(connections(prefix)));
        const inMemory = limits.map(memoryLimiters);
        const trace: string[] = [];
        try {
          for (const op of ops) {
            await awayFromEdges(inMemory);
            trace.push(JSON.stringify(op));
            const [fromRedis, fromMemory] = [await apply(op, inRedis), await apply(op, inMemory)];
            trace.push(`  redis ${JSON.stringify(fromRedis)} memory ${JSON.stringify(fromMemory)}`);
            expectSame(fromRedis, fromMemory, op);
          }
          // No count outlives its window or block.
          for (const key of await client.keys(`${prefix}*`)) {
            const ttl = await client.pttl(key);
            // -2: it ended since KEYS listed it; 0: it ends this very millisecond. Never -1 (no expiry).
            if (ttl === -2) continue;
            expect(ttl, key).toBeGreaterThanOrEqual(0);
            expect(ttl, key).toBeLessThanOrEqual(MAX_WINDOW_MS);
          }
        } catch (error) {
          console.error(`limits ${JSON.stringify(limits)}\n${trace.join("\n")}\n(LIMITER_SEED=${SEED})`);
          throw error;
        }
      }),
      { seed: SEED, numRuns: 20, endOnFailure: true },
    );
  });
});

const KEYS = ["a", "b"] as const;
const MAX_WINDOW_MS = 3_000;

type Op =
  | { op: "consume" | "reward"; limit: number; key: string; points: number }
  | { op: "get" | "delete"; limit: number; key: string }
  | { op: "block"; limit: number; key: string; ms: number }
  | { op: "take"; claims: { limit: number; key: string }[]; refusals: Refusals }
  | { op: "pause"; ms: number };

const ms = (min: number, max: number) => fc.integer({ min: min / 10, max: max / 10 }).map((tens) => tens * 10);
const limitArbitrary = fc.record({
  points: fc.integer({ min: 1, max: 4 }),
  windowMs: ms(400, MAX_WINDOW_MS),
  blockMs: fc.oneof({ weight: 2, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: ms(500, MAX_WINDOW_MS) }),
});
const worldArbitrary = fc.array(limitArbitrary, { minLength: 1, maxLength: 3 }).chain((limitSpecs) => {
  const limit = fc.integer({ min: 0, max: limitSpecs.length - 1 });
  const key = fc.constantFrom(...KEYS);
  const op: fc.Arbitrary<Op> = fc.oneof(
    { weight: 5, arbitrary: fc.record({ op: fc.constantFrom("consume" as const), limit, key, points: fc.integer({ min: 1, max: 3 }) }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constantFrom("reward" as const), limit, key, points: fc.integer({ min: 1, max: 2 }) }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constantFrom("get" as const, "delete" as const), limit, key }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constant("block" as const), limit, key, ms: ms(300, MAX_WINDOW_MS) }) },
    {
      weight: 6,
      arbitrary: fc.record({
        op: fc.constant("take" as const),
        claims: fc.uniqueArray(fc.record({ limit, key }), { minLength: 1, maxLength: 3, selector: ({ limit, key }) => `${limit}/${key}` }),
        refusals: fc.constantFrom<Refusals>("counted", "free"),
      }),
    },
    { weight: 2, arbitrary: fc.record({ op: fc.constant("pause" as const), ms: fc.constantFrom(50, 200, 600) }) },
  );
  const limits: LimiterOptions[] = limitSpecs.map(({ points, windowMs, blockMs }, index) => ({
    keyPrefix: `limit-${index}`,
    points,
    duration: windowMs / 1000,
    ...(blockMs > 0 ? { blockDuration: blockMs / 1000 } : {}),
  }));
  return fc.record({ limits: fc.constant(limits), ops: fc.array(op, { minLength: 5, maxLength: 30 }) });
});

type Outcome =
  | { refused: boolean; consumed: number; remaining: number; ms: number; first: boolean }
  | { wait: number }
  | { deleted: boolean }
  | { found: false }
  | null;

async function apply(op: Op, limiters: Limiter[]): Promise<Outcome> {
  switch (op.op) {
    case "consume":
      return limiters[op.limit]!.consume(op.key, op.points).then(
        (res) => answer(res, false),
        (rejection: unknown) => {
          if (rejection instanceof RateLimiterRes) return answer(rejection, true);
          throw rejection;
        },
      );
    case "reward":
      return answer(await limiters[op.limit]!.reward(op.key, op.points), false);
    case "get": {
      const res = await limiters[op.limit]!.get(op.key);
      return res ? answer(res, false) : { found: false };
    }
    case "block":
      return answer(await limiters[op.limit]!.block(op.key, op.ms / 1000), false);
    case "delete":
      return { deleted: await limiters[op.limit]!.delete(op.key) };
    case "take":
      return { wait: await takeAll(op.claims.map(({ limit, key }) => ({ limiter: limiters[limit]!, key })), op.refusals) };
    case "pause":
      await new Promise((resolve) => setTimeout(resolve, op.ms));
      return null;
  }
}

function answer(res: RateLimiterRes, refused: boolean): Outcome {
  return { refused, consumed: res.consumedPoints, remaining: res.remainingPoints, ms: res.msBeforeNext, first: res.isFirstInDuration };
}

function expectSame(fromRedis: Outcome, fromMemory: Outcome, op: Op) {
  if (fromRedis && fromMemory && "ms" in fromRedis && "ms" in fromMemory) {
    expect({ ...fromRedis, ms: 0 }, JSON.stringify(op)).toEqual({ ...fromMemory, ms: 0 });
    expect(Math.abs(fromRedis.ms - fromMemory.ms), `msBeforeNext ${fromRedis.ms} against ${fromMemory.ms}`).toBeLessThanOrEqual(SLACK_MS);
  } else {
    expect(fromRedis, JSON.stringify(op)).toEqual(fromMemory);
  }
}

/**
 * Waits while any count is within SLACK_MS of its end or of a whole second (where the wait in
 * seconds turns over): there the two stores, a round trip apart, could rightly disagree.
 */
async function awayFromEdges(inMemory: Limiter[]) {
  for (let attempt = 0; attempt < 20; attempt += 1) {
    let pause = 0;
    for (const limiter of inMemory) {
      for (const key of KEYS) {
        const left = (await limiter.get(key))?.msBeforeNext;
        if (left === undefined || left <= -SLACK_MS) continue;
        const edge = Math.round(left / 1000) * 1000;
        if (Math.abs(left - edge) < SLACK_MS) pause = Math.max(pause, left - edge + SLACK_MS + 1);
      }
    }
    if (pause === 0) return;
    await new Promise((resolve) => setTimeout(resolve, pause));
  }
}
