import { describe, expect, it } from "vitest";
import { dayLabel, withDaySeparators } from "./day-separators";

// Local times: separators follow the reader's calendar, whatever the time zone the tests run in.
const at = (year: number, month: number, day: number, hour = 12) => new Date(year, month - 1, day, hour);
const now = at(2026, 11, 5, 9);

describe("dayLabel", () => {
  it("says Today and Yesterday by calendar day, not by 24 hours", () => {
    expect(dayLabel(at(2026, 11, 5, 0), now)).toBe("Today");
    expect(dayLabel(at(2026, 11, 4, 23), now)).toBe("Yesterday");
    expect(dayLabel(at(2026, 11, 4, 0), now)).toBe("Yesterday");
  });

  it("says Yesterday across a month and a year boundary", () => {
    expect(dayLabel(at(2026, 10, 31), at(2026, 11, 1))).toBe("Yesterday");
    expect(dayLabel(at(2025, 12, 31), at(2026, 1, 1))).toBe("Yesterday");
  });

  it("gives the date before that, with the year only when it is not this one", () => {
    expect(dayLabel(at(2026, 11, 3), now, "en-US")).toBe("Tuesday, November 3");
    expect(dayLabel(at(2025, 11, 3), now, "en-US")).toBe("Monday, November 3, 2025");
  });
});

describe("withDaySeparators", () => {
  const message = (key: string, sentAt: Date) => ({ key, sentAt: sentAt.toISOString() });

  it("puts a separator before the first message of each day", () => {
    const items = withDaySeparators(
      [message("a", at(2026, 11, 4, 10)), message("b", at(2026, 11, 4, 18)), message("c", at(2026, 11, 5, 8))],
      now,
    );
    expect(items.map((item) => (item.type === "day" ? item.label : item.key))).toEqual(["Yesterday", "a", "b", "Today", "c"]);
    expect(items[0]).toMatchObject({ key: "day:2026-11-04", dateTime: "2026-11-04" });
  });

  it("gives nothing for no messages", () => {
    expect(withDaySeparators([], now)).toEqual([]);
  });
});
