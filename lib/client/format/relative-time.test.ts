import { describe, expect, it } from "vitest";
import { formatTimeAgo } from "./relative-time";

const now = Date.parse("2026-03-10T12:00:00Z");
const ago = (ms: number) => new Date(now - ms).toISOString();
const MINUTE = 60_000;

describe("formatTimeAgo", () => {
  it("says just now under a minute, also for a clock slightly behind", () => {
    expect(formatTimeAgo(ago(30_000), now)).toBe("just now");
    expect(formatTimeAgo(ago(-5_000), now)).toBe("just now");
  });

  it("counts minutes, then hours", () => {
    expect(formatTimeAgo(ago(MINUTE), now)).toBe("1 min ago");
    expect(formatTimeAgo(ago(12 * MINUTE + 59_000), now)).toBe("12 min ago");
    expect(formatTimeAgo(ago(60 * MINUTE), now)).toBe("1 h ago");
    expect(formatTimeAgo(ago(23 * 60 * MINUTE), now)).toBe("23 h ago");
  });

  it("says yesterday, then days, then the date", () => {
    expect(formatTimeAgo(ago(30 * 60 * MINUTE), now)).toBe("yesterday");
    expect(formatTimeAgo(ago(3 * 24 * 60 * MINUTE), now)).toBe("3 days ago");
    expect(formatTimeAgo("2026-02-01T12:00:00Z", now, "en-GB")).toBe("on 1 Feb");
    expect(formatTimeAgo("2025-02-01T12:00:00Z", now, "en-GB")).toBe("on 1 Feb 2025");
  });
});
