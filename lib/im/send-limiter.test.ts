import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { SEND_LIMITS, createSendLimiter } from "./send-limiter";

const stranger = { stranger: true };
const known = { stranger: false };

async function takeMany(limiter: ReturnType<typeof createSendLimiter>, count: number, to: string, options = known) {
  const waits: number[] = [];
  for (let i = 0; i < count; i++) waits.push(await limiter.take("alice", to, options));
  return waits;
}

describe("send limiter", () => {
  beforeEach(() => vi.useFakeTimers({ now: new Date("2030-01-01T00:00:00Z") }));
  afterEach(() => vi.useRealTimers());

  it("has the documented limits", () => {
    expect(SEND_LIMITS).toEqual({ perSender: { points: 30, duration: 10 }, perStrangerInbox: { points: 5, duration: 60 } });
  });

  it("lets anyone send 30 messages in 10 seconds and asks the 31st to wait", async () => {
    const limiter = createSendLimiter();
    expect(await takeMany(limiter, 30, "bob")).toEqual(Array(30).fill(0));
    const wait = await limiter.take("alice", "carol", known);
    expect(Number.isInteger(wait)).toBe(true);
    expect(wait).toBeGreaterThanOrEqual(1);
    expect(wait).toBeLessThanOrEqual(10);
  });

  it("allows 30 more once the 10 seconds are over", async () => {
    const limiter = createSendLimiter();
    await takeMany(limiter, 31, "bob");
    vi.advanceTimersByTime(10_001);
    expect(await takeMany(limiter, 30, "bob")).toEqual(Array(30).fill(0));
  });

  it("lets a stranger send 5 messages a minute to one inbox and asks the 6th to wait", async () => {
    const limiter = createSendLimiter();
    expect(await takeMany(limiter, 5, "bob", stranger)).toEqual([0, 0, 0, 0, 0]);
    const wait = await limiter.take("alice", "bob", stranger);
    expect(wait).toBeGreaterThan(10);
    expect(wait).toBeLessThanOrEqual(60);
    vi.advanceTimersByTime(60_001);
    expect(await limiter.take("alice", "bob", stranger)).toBe(0);
  });

  it("counts a stranger's messages per inbox", async () => {
    const limiter = createSendLimiter();
    await takeMany(limiter, 5, "bob", stranger);
    expect(await takeMany(limiter, 5, "carol", stranger)).toEqual([0, 0, 0, 0, 0]);
  });

  it("does not hold contacts and accepted conversations to the stranger limit", async () => {
    const limiter = createSendLimiter();
    expect(await takeMany(limiter, 20, "bob", known)).toEqual(Array(20).fill(0));
  });

  it("uses up nothing for a refused message", async () => {
    const limiter = createSendLimiter();
    await takeMany(limiter, 5, "bob", stranger);
    // The 6th to bob is refused and must not have eaten into the 30-in-10-seconds allowance.
    expect(await limiter.take("alice", "bob", stranger)).toBeGreaterThan(0);
    expect(await takeMany(limiter, 25, "carol")).toEqual(Array(25).fill(0));
    expect(await limiter.take("alice", "carol", known)).toBeGreaterThan(0);
  });

  it("takes its limits as given (raised for bots, or tests)", async () => {
    const limiter = createSendLimiter(undefined, { ...SEND_LIMITS, perSender: { points: 2, duration: 10 } });
    expect(await takeMany(limiter, 3, "bob")).toEqual([0, 0, expect.any(Number)]);
    expect((await takeMany(limiter, 1, "bob"))[0]).toBeGreaterThan(0);
  });

  it("counts each sender separately", async () => {
    const limiter = createSendLimiter();
    await takeMany(limiter, 31, "bob");
    expect(await limiter.take("dave", "bob", known)).toBe(0);
  });

  it("passes on errors that are not rate-limit refusals", async () => {
    const broken = { consume: () => Promise.reject(new Error("store down")), reward: () => Promise.resolve() };
    const limiter = createSendLimiter(() => broken as never);
    await expect(limiter.take("alice", "bob", known)).rejects.toThrow("store down");
  });
});
