import { afterEach, describe, expect, it, vi } from "vitest";
import { COMMAND_CLASS_OF, COMMAND_CLASSES } from "./command-classes";
import { type CommandLimits, createCommandLimiter } from "./command-limiter";

const LIMITS: CommandLimits = {
  perMinute: { presence: 3, subscription: 2, lookup: 10, settings: 4, messaging: 20 },
  addressFactor: 2,
};

async function takeMany(limiter: ReturnType<typeof createCommandLimiter>, times: number, ...args: Parameters<ReturnType<typeof createCommandLimiter>["take"]>) {
  const waits: number[] = [];
  for (let i = 0; i < times; i++) waits.push(await limiter.take(...args));
  return waits;
}

afterEach(() => {
  vi.useRealTimers();
});

describe("the command classes", () => {
  it("give every command a class, and every class has commands", () => {
    for (const commandClass of Object.values(COMMAND_CLASS_OF)) expect(COMMAND_CLASSES).toContain(commandClass);
    for (const commandClass of COMMAND_CLASSES) expect(Object.values(COMMAND_CLASS_OF)).toContain(commandClass);
  });

  it("put status changes and subscription churn in classes of their own", () => {
    expect(COMMAND_CLASS_OF["presence:set-status"]).toBe("presence");
    expect(COMMAND_CLASS_OF["subscription:request"]).toBe("subscription");
    expect(COMMAND_CLASS_OF["subscription:remove"]).toBe("subscription");
    expect(COMMAND_CLASS_OF["im:send"]).toBe("messaging");
  });
});

describe("command limiter", () => {
  it("lets an account send its allowance of a class per minute, then says how long to wait", async () => {
    const limiter = createCommandLimiter(LIMITS);
    const waits = await takeMany(limiter, 4, "presence", "alice", "10.0.0.1");
    expect(waits.slice(0, 3)).toEqual([0, 0, 0]);
    expect(waits[3]).toBeGreaterThan(0);
    expect(waits[3]).toBeLessThanOrEqual(60);
  });

  it("keeps classes apart: a spent presence allowance leaves lookups alone", async () => {
    const limiter = createCommandLimiter(LIMITS);
    await takeMany(limiter, 5, "presence", "alice", "10.0.0.1");
    expect(await limiter.take("lookup", "alice", "10.0.0.1")).toBe(0);
  });

  it("keeps accounts apart", async () => {
    const limiter = createCommandLimiter(LIMITS);
    await takeMany(limiter, 5, "presence", "alice", "10.0.0.1");
    expect(await limiter.take("presence", "bob", "10.0.0.2")).toBe(0);
  });

  it("lets one address send the allowance of addressFactor accounts, across its accounts", async () => {
    const limiter = createCommandLimiter(LIMITS);
    expect(await takeMany(limiter, 3, "presence", "alice", "10.0.0.1")).toEqual([0, 0, 0]);
    expect(await takeMany(limiter, 3, "presence", "bob", "10.0.0.1")).toEqual([0, 0, 0]);
    expect(await limiter.take("presence", "carol", "10.0.0.1")).toBeGreaterThan(0);
    expect(await limiter.take("presence", "carol", "10.0.0.9")).toBe(0);
  });

  it("counts an IPv6 /64 as one address", async () => {
    const limiter = createCommandLimiter(LIMITS);
    for (let i = 0; i < 6; i++) expect(await limiter.take("presence", `user${i}`, `2001:db8:1:2::${i + 1}`)).toBe(0);
    expect(await limiter.take("presence", "user9", "2001:db8:1:2:ffff::1")).toBeGreaterThan(0);
  });

  it("does not spend an account's allowance on commands its crowded address refused", async () => {
    const limiter = createCommandLimiter(LIMITS);
    await takeMany(limiter, 3, "presence", "alice", "10.0.0.1");
    await takeMany(limiter, 3, "presence", "bob", "10.0.0.1");
    const refused = await takeMany(limiter, 5, "presence", "carol", "10.0.0.1");
    expect(refused.every((wait) => wait > 0)).toBe(true);
    // Elsewhere, carol still has her whole allowance.
    expect(await takeMany(limiter, 3, "presence", "carol", "10.0.0.5")).toEqual([0, 0, 0]);
  });

  it("gives a new allowance once the minute has passed", async () => {
    vi.useFakeTimers({ now: Date.parse("2025-01-01T00:00:00Z") });
    const limiter = createCommandLimiter(LIMITS);
    await takeMany(limiter, 3, "subscription", "alice", "10.0.0.1");
    const wait = await limiter.take("subscription", "alice", "10.0.0.1");
    expect(wait).toBeGreaterThan(0);
    vi.advanceTimersByTime(wait * 1000 + 1);
    expect(await limiter.take("subscription", "alice", "10.0.0.1")).toBe(0);
  });
});
