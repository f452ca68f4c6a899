import { describe, expect, it } from "vitest";
import { POLL_LIMIT, createPollLimiter } from "./poll-limiter";

describe("poll limiter", () => {
  it("lets 60 polls a minute through and asks the 61st to wait", async () => {
    const limiter = createPollLimiter();
    expect(POLL_LIMIT).toEqual({ points: 60, duration: 60 });
    for (let i = 0; i < 60; i++) expect(await limiter.take("token:abc")).toBe(0);
    const wait = await limiter.take("token:abc");
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(60);
    expect(Number.isInteger(wait)).toBe(true);
  });

  it("keeps asking to wait while over the limit", async () => {
    const limiter = createPollLimiter();
    for (let i = 0; i < 61; i++) await limiter.take("token:abc");
    expect(await limiter.take("token:abc")).toBeGreaterThan(0);
  });

  it("counts each watcher separately", async () => {
    const limiter = createPollLimiter();
    for (let i = 0; i < 61; i++) await limiter.take("token:abc");
    expect(await limiter.take("token:other")).toBe(0);
  });

  it("passes on errors that are not rate-limit rejections", async () => {
    const broken = { consume: () => Promise.reject(new Error("store down")) };
    const limiter = createPollLimiter(() => broken as unknown as ReturnType<NonNullable<Parameters<typeof createPollLimiter>[0]>>);
    await expect(limiter.take("token:abc")).rejects.toThrow("store down");
  });
});
