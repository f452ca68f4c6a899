// The rate limits' Lua scripts, so that each change to a Redis-backed count is one command
// (EVALSHA) run atomically in Redis: rate-limiter-flexible's RateLimiterRedis ran three commands
// inside its script (SET NX, INCRBY, PTTL) and needed a second round trip to give a point back.
// A count is a plain integer key whose expiry is its window's end; every script that can create
// a key sets its expiry, so no count outlives its window.
import type { Redis, Result } from "ioredis";

/**
 * Changes one count by ARGV[1] (a consume, or a negative reward). A new key lives ARGV[2] ms.
 * With a block (ARGV[4] ms > 0), the change that first takes the count past its points
 * (ARGV[3]) makes the key live that long instead, as rate-limiter-flexible's blockDuration does.
 * Returns { count, ms before the key ends, 1 when the window (or the block) starts now }.
 */
const ADD = `
local change = tonumber(ARGV[1])
local count = redis.call('incrby', KEYS[1], change)
local ttl = redis.call('pttl', KEYS[1])
local fresh = 0
if ttl < 0 then
  redis.call('pexpire', KEYS[1], ARGV[2])
  ttl = tonumber(ARGV[2])
  fresh = 1
end
local points = tonumber(ARGV[3])
local blockMs = tonumber(ARGV[4])
if blockMs > 0 and count > points and count <= points + change then
  redis.call('pexpire', KEYS[1], blockMs)
  ttl = blockMs
  fresh = 1
end
return { count, ttl, fresh }
`;

/** A count and the ms before it ends, or nil when there is none. */
const READ = `
local count = redis.call('get', KEYS[1])
if not count then return false end
return { tonumber(count), redis.call('pttl', KEYS[1]) }
`;

/**
 * One point from each key, for one action that needs them all (lib/cluster/take-all.ts). ARGV[1]
 * says what a refusal costs: "counted" asks every key, a refusing key keeps the point and those
 * that said yes get theirs back; "free" asks in order until one refuses, and no key keeps a
 * point. Then each key's points and window (ms). The expiry is only read when a key refuses,
 * and only set when a count starts (NX: a count given back to 0 keeps its window).
 * Returns { 1 when refused, the ms to wait: the longest refusal's ("counted"), the first's ("free") }.
 */
const TAKE_ALL = `
local free = ARGV[1] == 'free'
local taken = {}
local refused = 0
local wait = 0
for i, key in ipairs(KEYS) do
  local points = tonumber(ARGV[2 * i])
  local windowMs = ARGV[2 * i + 1]
  local count = redis.call('incrby', key, 1)
  if count == 1 then redis.call('pexpire', key, windowMs, 'NX') end
  if count > points then
    refused = 1
    local ttl = redis.call('pttl', key)
    if ttl < 0 then
      redis.call('pexpire', key, windowMs)
      ttl = tonumber(windowMs)
    end
    if ttl > wait then wait = ttl end
    if free then
      redis.call('decrby', key, 1)
      break
    end
  else
    taken[#taken + 1] = key
  end
end
if refused == 1 then
  for _, key in ipairs(taken) do redis.call('decrby', key, 1) end
end
return { refused, wait }
`;

declare module "ioredis" {
  interface RedisCommander<Context> {
    limitAdd(key: string, change: number, windowMs: number, points: number, blockMs: number): Result<[number, number, number], Context>;
    limitRead(key: string): Result<[number, number] | null, Context>;
    /** `numberOfKeys`, the keys, then the refusal rule and each key's points and window (ms). */
    limitTakeAll(...args: (string | number)[]): Result<[number, number], Context>;
  }
}

const defined = new WeakSet<Redis>();

/** The client, with the scripts defined on it (ioredis sends EVALSHA, loading a script once). */
export function withLimiterScripts(client: Redis): Redis {
  if (!defined.has(client)) {
    client.defineCommand("limitAdd", { numberOfKeys: 1, lua: ADD });
    client.defineCommand("limitRead", { numberOfKeys: 1, lua: READ });
    client.defineCommand("limitTakeAll", { lua: TAKE_ALL });
    defined.add(client);
  }
  return client;
}
