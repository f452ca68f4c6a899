import { describe, expect, it } from "vitest";
import { memoryLimiters } from "./limiters";
import { takeAll } from "./take-all";

const limit = (keyPrefix: string, points: number, duration = 60) => memoryLimiters({ keyPrefix, points, duration });

describe("taking points from several limits in memory", () => {
  it("takes a point from each when all have one", async () => {
    const [a, b] = [limit("a", 2), limit("b", 2)];
    expect(await takeAll([{ limiter: a, key: "k" }, { limiter: b, key: "k" }], "counted")).toBe(0);
    expect((await a.get("k"))?.consumedPoints).toBe(1);
    expect((await b.get("k"))?.consumedPoints).toBe(1);
  });

  it("counted: a refusing limit keeps the attempt, the others get theirs back, the longest wait wins", async () => {
    const [spent, open, short] = [limit("spent", 1, 60), limit("open", 5), limit("short", 1, 5)];
    await spent.consume("k");
    await short.consume("k");
    const claims = [spent, open, short].map((limiter) => ({ limiter, key: "k" }));
    const wait = await takeAll(claims, "counted");
    expect(wait).toBeGreaterThan(55);
    expect(wait).toBeLessThanOrEqual(60);
    expect((await spent.get("k"))?.consumedPoints).toBe(2);
    expect((await short.get("k"))?.consumedPoints).toBe(2);
    expect((await open.get("k"))?.consumedPoints).toBe(0);
  });

  it("free: stops at the first refusal, whose wait it reports, and no limit keeps a point", async () => {
    const [open, short, spent] = [limit("open", 5), limit("short", 1, 5), limit("spent", 1, 60)];
    await short.consume("k");
    await spent.consume("k");
    const claims = [open, short, spent].map((limiter) => ({ limiter, key: "k" }));
    const wait = await takeAll(claims, "free");
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(5);
    expect((await open.get("k"))?.consumedPoints).toBe(0);
    expect((await short.get("k"))?.consumedPoints).toBe(1);
    expect((await spent.get("k"))?.consumedPoints).toBe(1);
  });

  it("passes on errors that are not refusals", async () => {
    const broken = { consume: () => Promise.reject(new Error("store down")) } as never;
    await expect(takeAll([{ limiter: broken, key: "k" }], "counted")).rejects.toThrow("store down");
    await expect(takeAll([{ limiter: broken, key: "k" }], "free")).rejects.toThrow("store down");
  });
});
