import { describe, expect, it } from "vitest";
import { barChart, countSummary, dayCountLabel } from "./bar-chart";

const size = { width: 300, height: 100, gap: 2 };

describe("barChart", () => {
  it("scales bars to a round maximum, side by side with a gap, from the bottom", () => {
    const chart = barChart(
      [
        { day: "2026-11-01", count: 4 },
        { day: "2026-11-02", count: 7 },
        { day: "2026-11-03", count: 0 },
      ],
      size,
    );
    expect(chart.max).toBe(10);
    expect(chart.ticks).toEqual([5, 10]);
    expect(chart.bars.map(({ x, width, y, height }) => [x, width, y, height])).toEqual([
      [1, 98, 60, 40],
      [101, 98, 30, 70],
      [201, 98, 100, 0],
    ]);
  });

  it("has a scale of one and flat bars when nothing was sent", () => {
    const chart = barChart([{ day: "a", count: 0 }], size);
    expect(chart.max).toBe(1);
    expect(chart.ticks).toEqual([1]);
    expect(chart.bars[0]?.height).toBe(0);
  });

  it("keeps thin bars when there are many days", () => {
    const days = Array.from({ length: 300 }, (_, index) => ({ day: String(index), count: 1 }));
    const chart = barChart(days, size);
    expect(chart.bars[0]?.width).toBeGreaterThan(0);
    expect(chart.bars.at(-1)?.x).toBeLessThan(size.width);
  });
});

describe("chart wording", () => {
  it("sums the window and names the busiest day", () => {
    const days = [
      { day: "2026-11-01", count: 1 },
      { day: "2026-11-02", count: 3 },
    ];
    expect(countSummary(days, "en-GB")).toBe("In the last 2 days: 4 messages; the busiest day was 2 Nov with 3 messages.");
    expect(countSummary([{ day: "2026-11-01", count: 0 }], "en-GB")).toBe("In the last 1 day: no messages.");
    expect(dayCountLabel({ day: "2026-11-01", count: 1 }, "en-GB")).toBe("1 Nov: 1 message");
  });
});
