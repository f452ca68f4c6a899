import { afterAll, describe, expect, it } from "vitest";
import { expiryTime, formatExpiry, nextLocalHour, toDateTimeLocal } from "./status-expiry";

// Local-time rules are checked in a fixed zone with a DST change (Europe/Berlin: 29 March 2026),
// set before any test data is built.
const originalZone = process.env.TZ;
process.env.TZ = "Europe/Berlin";
afterAll(() => {
  if (originalZone === undefined) delete process.env.TZ;
  else process.env.TZ = originalZone;
});

const local = (text: string) => new Date(text); // no offset: local time

describe("expiryTime", () => {
  const now = local("2026-03-10T14:20:00");

  it("is null for none, and adds 30 minutes or an hour", () => {
    expect(expiryTime("none", now)).toEqual({ ok: true, expiresAt: null });
    expect(expiryTime("30m", now)).toEqual({ ok: true, expiresAt: local("2026-03-10T14:50:00").toISOString() });
    expect(expiryTime("1h", now)).toEqual({ ok: true, expiresAt: local("2026-03-10T15:20:00").toISOString() });
  });

  it("until the end of today is the next local midnight", () => {
    expect(expiryTime("today", now)).toEqual({ ok: true, expiresAt: local("2026-03-11T00:00:00").toISOString() });
    expect(expiryTime("today", local("2026-03-10T23:59:00"))).toEqual({ ok: true, expiresAt: local("2026-03-11T00:00:00").toISOString() });
  });

  it("until tomorrow is the next local 9:00", () => {
    expect(expiryTime("tomorrow", now)).toEqual({ ok: true, expiresAt: local("2026-03-11T09:00:00").toISOString() });
    expect(expiryTime("tomorrow", local("2026-03-10T02:00:00"))).toEqual({
      ok: true,
      expiresAt: local("2026-03-10T09:00:00").toISOString(),
    });
  });

  it("takes a datetime-local value as local time, in the future only", () => {
    expect(expiryTime("custom", now, "2026-03-12T08:30")).toEqual({
      ok: true,
      expiresAt: "2026-03-12T07:30:00.000Z",
    });
    expect(expiryTime("custom", now, "2026-03-10T14:00")).toEqual({ ok: false, message: "Choose a time in the future." });
    expect(expiryTime("custom", now, "")).toEqual({ ok: false, message: "Choose a date and time." });
    expect(expiryTime("custom", now, "tomorrow")).toEqual({ ok: false, message: "Choose a date and time." });
  });
});

describe("nextLocalHour", () => {
  it("stays on 9:00 local across a DST change", () => {
    const at = nextLocalHour(local("2026-03-28T22:00:00"), 9);
    expect(at.getHours()).toBe(9);
    expect(at.toISOString()).toBe("2026-03-29T07:00:00.000Z"); // summer time: UTC+2
  });

  it("is strictly after now", () => {
    expect(nextLocalHour(local("2026-03-10T09:00:00"), 9)).toEqual(local("2026-03-11T09:00:00"));
  });
});

describe("toDateTimeLocal", () => {
  it("formats local time to the minute", () => {
    expect(toDateTimeLocal(local("2026-01-02T03:04:59"))).toBe("2026-01-02T03:04");
  });
});

describe("formatExpiry", () => {
  const now = local("2026-03-10T14:20:00");
  it("says the time today, tomorrow, or the date", () => {
    expect(formatExpiry(local("2026-03-10T15:20:00").toISOString(), now, "en-GB")).toBe("until 15:20");
    expect(formatExpiry(local("2026-03-11T09:00:00").toISOString(), now, "en-GB")).toBe("until tomorrow 09:00");
    expect(formatExpiry(local("2026-03-13T09:00:00").toISOString(), now, "en-GB")).toBe("until Fri 13 Mar, 09:00");
  });
});
