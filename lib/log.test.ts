import { describe, expect, it } from "vitest";
import { createLogLimiter } from "./log";

describe("createLogLimiter", () => {
  it("lets one line per key through per window, and counts the ones it held back", () => {
    let now = 0;
    const limiter = createLogLimiter({ windowMs: 60_000, now: () => now });
    expect(limiter.take("a")).toEqual({ skipped: 0 });
    expect(limiter.take("a")).toBeNull();
    expect(limiter.take("b")).toEqual({ skipped: 0 });
    now = 59_999;
    expect(limiter.take("a")).toBeNull();
    now = 60_000;
    expect(limiter.take("a")).toEqual({ skipped: 2 });
  });

  it("forgets the oldest key past its bound", () => {
    const limiter = createLogLimiter({ windowMs: 60_000, maxKeys: 2, now: () => 0 });
    limiter.take("a");
    limiter.take("b");
    limiter.take("c");
    expect(limiter.take("a")).toEqual({ skipped: 0 });
    expect(limiter.take("c")).toBeNull();
  });
});
