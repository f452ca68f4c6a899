import { describe, expect, it } from "vitest";
import type { QuietHours } from "@/lib/protocol/quiet-hours";
import { quietHoursSchema } from "@/lib/protocol/quiet-hours";
import { isQuiet, nextTransition } from "./quiet-hours";

const WEEKDAYS = [1, 2, 3, 4, 5];
const at = (iso: string) => Date.parse(iso);
const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

describe("isQuiet", () => {
  it("is never quiet without a schedule or with no ranges", () => {
    expect(isQuiet(null, at("2026-03-02T23:00:00Z"))).toBe(false);
    expect(isQuiet({ zone: "UTC", ranges: [] }, at("2026-03-02T23:00:00Z"))).toBe(false);
  });

  it("follows a range within one day, start included and end excluded", () => {
    const schedule: QuietHours = { zone: "UTC", ranges: [{ days: [1], start: "09:00", end: "10:30" }] };
    // 2026-03-02 is a Monday.
    expect(isQuiet(schedule, at("2026-03-02T08:59:59Z"))).toBe(false);
    expect(isQuiet(schedule, at("2026-03-02T09:00:00Z"))).toBe(true);
    expect(isQuiet(schedule, at("2026-03-02T10:29:59Z"))).toBe(true);
    expect(isQuiet(schedule, at("2026-03-02T10:30:00Z"))).toBe(false);
    expect(isQuiet(schedule, at("2026-03-03T09:30:00Z"))).toBe(false); // Tuesday
  });

  it("carries a range that crosses midnight into the next day", () => {
    const schedule: QuietHours = { zone: "UTC", ranges: [{ days: WEEKDAYS, start: "22:00", end: "07:00" }] };
    expect(isQuiet(schedule, at("2026-03-06T23:00:00Z"))).toBe(true); // Friday night
    expect(isQuiet(schedule, at("2026-03-07T06:59:00Z"))).toBe(true); // ...into Saturday morning
    expect(isQuiet(schedule, at("2026-03-07T07:00:00Z"))).toBe(false);
    expect(isQuiet(schedule, at("2026-03-07T23:00:00Z"))).toBe(false); // Saturday night: not listed
    expect(isQuiet(schedule, at("2026-03-08T06:00:00Z"))).toBe(false); // Sunday morning
    expect(isQuiet(schedule, at("2026-03-09T06:00:00Z"))).toBe(false); // Monday morning: Sunday not listed
    expect(isQuiet(schedule, at("2026-03-09T22:30:00Z"))).toBe(true);
  });

  it("wraps Saturday night into Sunday morning", () => {
    const schedule: QuietHours = { zone: "UTC", ranges: [{ days: [6], start: "23:00", end: "02:00" }] };
    expect(isQuiet(schedule, at("2026-03-08T01:00:00Z"))).toBe(true);
    expect(isQuiet(schedule, at("2026-03-08T02:00:00Z"))).toBe(false);
  });

  it("treats equal start and end as the whole day", () => {
    const schedule: QuietHours = { zone: "UTC", ranges: [{ days: [0], start: "00:00", end: "00:00" }] };
    expect(isQuiet(schedule, at("2026-03-08T00:00:00Z"))).toBe(true);
    expect(isQuiet(schedule, at("2026-03-08T23:59:00Z"))).toBe(true);
    expect(isQuiet(schedule, at("2026-03-09T00:00:00Z"))).toBe(false);
  });

  it("reads the times in the person's zone", () => {
    const schedule: QuietHours = { zone: "Asia/Tokyo", ranges: [{ days: [1], start: "09:00", end: "10:00" }] };
    expect(isQuiet(schedule, at("2026-03-02T00:30:00Z"))).toBe(true); // 09:30 Monday in Tokyo
    expect(isQuiet(schedule, at("2026-03-02T09:30:00Z"))).toBe(false);
  });

  it("joins several ranges", () => {
    const schedule: QuietHours = {
      zone: "UTC",
      ranges: [
        { days: [1], start: "12:00", end: "13:00" },
        { days: [1], start: "18:00", end: "19:00" },
      ],
    };
    expect(isQuiet(schedule, at("2026-03-02T12:30:00Z"))).toBe(true);
    expect(isQuiet(schedule, at("2026-03-02T15:00:00Z"))).toBe(false);
    expect(isQuiet(schedule, at("2026-03-02T18:30:00Z"))).toBe(true);
  });

  it("keeps wall-clock times across daylight saving changes", () => {
    const schedule: QuietHours = { zone: "Europe/Berlin", ranges: [{ days: [0, 1, 2, 3, 4, 5, 6], start: "22:00", end: "07:00" }] };
    // Winter: UTC+1. Summer (from 2026-03-29): UTC+2.
    expect(isQuiet(schedule, at("2026-03-27T21:00:00Z"))).toBe(true); // 22:00 CET
    expect(isQuiet(schedule, at("2026-03-30T20:00:00Z"))).toBe(true); // 22:00 CEST
    expect(isQuiet(schedule, at("2026-03-30T19:59:00Z"))).toBe(false); // 21:59 CEST
    expect(isQuiet(schedule, at("2026-03-31T05:00:00Z"))).toBe(false); // 07:00 CEST
  });
});

describe("nextTransition", () => {
  it("is null without a schedule, with no ranges, or when quiet all week", () => {
    expect(nextTransition(null, at("2026-03-02T00:00:00Z"))).toBeNull();
    expect(nextTransition({ zone: "UTC", ranges: [] }, at("2026-03-02T00:00:00Z"))).toBeNull();
    const always: QuietHours = { zone: "UTC", ranges: [{ days: [0, 1, 2, 3, 4, 5, 6], start: "00:00", end: "00:00" }] };
    expect(nextTransition(always, at("2026-03-02T00:00:00Z"))).toBeNull();
  });

  it("finds the start, then the end, of a range crossing midnight", () => {
    const schedule: QuietHours = { zone: "UTC", ranges: [{ days: WEEKDAYS, start: "22:00", end: "07:00" }] };
    expect(iso(nextTransition(schedule, at("2026-03-02T12:00:00Z")))).toBe("2026-03-02T22:00:00.000Z");
    expect(iso(nextTransition(schedule, at("2026-03-02T22:00:00Z")))).toBe("2026-03-03T07:00:00.000Z");
    // Friday night ends Saturday 07:00; the next start is Monday 22:00.
    expect(iso(nextTransition(schedule, at("2026-03-07T07:00:00Z")))).toBe("2026-03-09T22:00:00.000Z");
  });

  it("skips a boundary that changes nothing (overlapping ranges)", () => {
    const schedule: QuietHours = {
      zone: "UTC",
      ranges: [
        { days: [1], start: "10:00", end: "12:00" },
        { days: [1], start: "11:00", end: "13:00" },
      ],
    };
    expect(iso(nextTransition(schedule, at("2026-03-02T10:30:00Z")))).toBe("2026-03-02T13:00:00.000Z");
  });

  it("finds a transition a few seconds ahead, to the minute", () => {
    const schedule: QuietHours = { zone: "UTC", ranges: [{ days: [1], start: "10:00", end: "10:01" }] };
    expect(iso(nextTransition(schedule, at("2026-03-02T09:59:55Z")))).toBe("2026-03-02T10:00:00.000Z");
    expect(iso(nextTransition(schedule, at("2026-03-02T10:00:01Z")))).toBe("2026-03-02T10:01:00.000Z");
  });

  it("follows the local clock over spring forward and fall back", () => {
    const nightly: QuietHours = { zone: "Europe/Berlin", ranges: [{ days: [0, 1, 2, 3, 4, 5, 6], start: "22:00", end: "07:00" }] };
    // The night of the change to summer time: ends 07:00 CEST = 05:00 UTC.
    expect(iso(nextTransition(nightly, at("2026-03-28T22:00:00Z")))).toBe("2026-03-29T05:00:00.000Z");
    // The night of the change back: ends 07:00 CET = 06:00 UTC.
    expect(iso(nextTransition(nightly, at("2026-10-24T22:00:00Z")))).toBe("2026-10-25T06:00:00.000Z");
    // A boundary inside the spring-forward gap (02:30 does not exist) takes effect at 03:00 CEST.
    const inGap: QuietHours = { zone: "Europe/Berlin", ranges: [{ days: [0], start: "02:30", end: "05:00" }] };
    expect(iso(nextTransition(inGap, at("2026-03-28T23:00:00Z")))).toBe("2026-03-29T01:00:00.000Z");
    expect(isQuiet(inGap, at("2026-03-29T01:00:00Z"))).toBe(true);
  });

  it("agrees with isQuiet minute by minute over a week with a DST change", () => {
    const schedule: QuietHours = {
      zone: "America/New_York",
      ranges: [
        { days: WEEKDAYS, start: "22:00", end: "07:00" },
        { days: [0], start: "01:30", end: "02:30" },
      ],
    };
    let instant = at("2026-03-06T00:00:00Z");
    const end = at("2026-03-13T00:00:00Z");
    while (instant < end) {
      const next = nextTransition(schedule, instant);
      expect(next).not.toBeNull();
      expect(isQuiet(schedule, next!)).not.toBe(isQuiet(schedule, instant));
      // Nothing changes before it: check each minute up to it (the first step from a partial minute).
      for (let minute = Math.floor(instant / 60_000) * 60_000 + 60_000; minute < next!; minute += 60_000) {
        expect(isQuiet(schedule, minute)).toBe(isQuiet(schedule, instant));
      }
      instant = next!;
    }
  });
});

describe("quietHoursSchema", () => {
  it("accepts a schedule and refuses unknown zones, bad times and repeated days", () => {
    expect(quietHoursSchema.safeParse({ zone: "Europe/Berlin", ranges: [{ days: [1, 2], start: "22:00", end: "07:00" }] }).success).toBe(true);
    expect(quietHoursSchema.safeParse({ zone: "Mars/Olympus", ranges: [] }).success).toBe(false);
    expect(quietHoursSchema.safeParse({ zone: "UTC", ranges: [{ days: [1], start: "24:00", end: "07:00" }] }).success).toBe(false);
    expect(quietHoursSchema.safeParse({ zone: "UTC", ranges: [{ days: [1, 1], start: "22:00", end: "07:00" }] }).success).toBe(false);
    expect(quietHoursSchema.safeParse({ zone: "UTC", ranges: [{ days: [], start: "22:00", end: "07:00" }] }).success).toBe(false);
  });
});
