import { describe, expect, it } from "vitest";
import { percentile, summarize } from "./stats";

describe("percentile (nearest rank)", () => {
  const hundred = Array.from({ length: 100 }, (_, index) => index + 1);

  it("returns a value that occurred, never an interpolation", () => {
    expect(percentile(hundred, 50)).toBe(50);
    expect(percentile(hundred, 99)).toBe(99);
    expect(percentile(hundred, 100)).toBe(100);
    expect(percentile([1, 10], 50)).toBe(1);
  });

  it("with 200 samples (one per status change), p99 is the 198th: two samples lie above it", () => {
    const samples = Array.from({ length: 200 }, (_, index) => index + 1);
    expect(percentile(samples, 99)).toBe(198);
    expect(percentile(Array.from({ length: 10_000 }, (_, index) => index + 1), 99)).toBe(9_900);
  });

  it("is NaN for no samples and rejects percentiles outside (0, 100]", () => {
    expect(percentile([], 50)).toBeNaN();
    expect(() => percentile(hundred, 0)).toThrow(RangeError);
    expect(() => percentile(hundred, 101)).toThrow(RangeError);
  });
});

describe("summarize", () => {
  it("sorts a copy and reports count, p50, p99, max and mean", () => {
    const values = [5, 1, 4, 2, 3];
    expect(summarize(values)).toEqual({ count: 5, p50: 3, p99: 5, max: 5, mean: 3 });
    expect(values).toEqual([5, 1, 4, 2, 3]);
  });

  it("is all NaN but the count for no samples", () => {
    expect(summarize([])).toEqual({ count: 0, p50: Number.NaN, p99: Number.NaN, max: Number.NaN, mean: Number.NaN });
  });
});
