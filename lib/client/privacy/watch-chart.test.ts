import { describe, expect, it } from "vitest";
import { chartSummary, countsSentence, niceCeiling, watchChart } from "./watch-chart";

const day = (date: string, fetch = 0, poll = 0, subscribe = 0) => ({ day: date, fetch, poll, subscribe });

describe("niceCeiling", () => {
  it("rounds up to 1, 2 or 5 times a power of ten", () => {
    expect([0, 1, 2, 3, 6, 10, 11, 26, 51, 199].map(niceCeiling)).toEqual([1, 1, 2, 5, 10, 10, 20, 50, 100, 200]);
  });
});

describe("watchChart", () => {
  const size = { width: 300, height: 100, gap: 2 };

  it("stacks follow requests, then automatic checks, then look-ups, from the bottom", () => {
    const chart = watchChart([day("2026-11-01", 3, 1, 1), day("2026-11-02")], size);
    expect(chart.max).toBe(5);
    const [first, second] = chart.bars;
    expect(first?.segments.map((segment) => [segment.kind, segment.y, segment.height])).toEqual([
      ["subscribe", 80, 20],
      ["poll", 60, 20],
      ["fetch", 0, 60],
    ]);
    expect(first?.total).toBe(5);
    expect(second?.segments).toEqual([]);
  });

  it("scales to the round maximum and places bars side by side with a gap", () => {
    const chart = watchChart([day("a", 4), day("b", 7), day("c")], size);
    expect(chart.max).toBe(10);
    expect(chart.ticks).toEqual([5, 10]);
    expect(chart.bars.map((bar) => [bar.x, bar.width])).toEqual([
      [1, 98],
      [101, 98],
      [201, 98],
    ]);
    expect(chart.bars[1]?.segments[0]).toMatchObject({ kind: "fetch", y: 30, height: 70 });
  });

  it("has a scale of one and no segments when nobody watched", () => {
    const chart = watchChart([day("a"), day("b")], size);
    expect(chart.max).toBe(1);
    expect(chart.ticks).toEqual([1]);
    expect(chart.bars.every((bar) => bar.segments.length === 0)).toBe(true);
  });
});

describe("chart wording", () => {
  it("sums the window in words", () => {
    expect(chartSummary([day("a", 2, 0, 1), day("b", 1, 1, 0)])).toBe(
      "In the last 2 days: 3 look-ups, 1 automatic check, 1 follow request.",
    );
    expect(countsSentence(day("a"))).toBe("no watching");
  });
});
