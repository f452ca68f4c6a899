import { describe, expect, it } from "vitest";
import type { Availability } from "@/lib/protocol/presence";
import type { DeviceTuple } from "../document";
import { aggregate, deviceAvailability } from "./aggregate";

const device = (id: string, idle = false): DeviceTuple => ({ id, label: "Firefox on Linux", idle, since: 1_000 });

describe("deviceAvailability", () => {
  it("reports the chosen availability on an active device", () => {
    for (const chosen of ["available", "away", "busy"] as const) {
      expect(deviceAvailability(chosen, { idle: false })).toBe(chosen);
    }
  });

  it("turns available into away while the device is idle", () => {
    expect(deviceAvailability("available", { idle: true })).toBe("away");
  });

  it("keeps busy and away as chosen while idle", () => {
    expect(deviceAvailability("busy", { idle: true })).toBe("busy");
    expect(deviceAvailability("away", { idle: true })).toBe("away");
  });
});

describe("aggregate", () => {
  it("is closed with the last-seen time when no device is open", () => {
    expect(aggregate({ availability: "available", devices: [], lastSeenAt: 123_456 })).toEqual({
      basic: "closed",
      availability: null,
      lastSeenAt: 123_456,
    });
  });

  it("is closed with no last-seen time for someone never seen", () => {
    expect(aggregate({ availability: "busy", devices: [], lastSeenAt: null })).toEqual({
      basic: "closed",
      availability: null,
      lastSeenAt: null,
    });
  });

  it("is open with no last-seen time while any device is open", () => {
    const result = aggregate({ availability: "available", devices: [device("a")], lastSeenAt: 123_456 });
    expect(result).toEqual({ basic: "open", availability: "available", lastSeenAt: null });
  });

  it("is available when one device is active and another idle", () => {
    const result = aggregate({
      availability: "available",
      devices: [device("idle-laptop", true), device("phone")],
      lastSeenAt: null,
    });
    expect(result.availability).toBe("available");
  });

  it("is away when every open device is idle", () => {
    const result = aggregate({
      availability: "available",
      devices: [device("a", true), device("b", true)],
      lastSeenAt: null,
    });
    expect(result).toEqual({ basic: "open", availability: "away", lastSeenAt: null });
  });

  it.each<[Availability, boolean, Availability]>([
    ["busy", false, "busy"],
    ["busy", true, "busy"],
    ["away", false, "away"],
    ["away", true, "away"],
    ["available", false, "available"],
    ["available", true, "away"],
  ])("chosen %s with idle=%s gives %s", (chosen, idle, expected) => {
    expect(aggregate({ availability: chosen, devices: [device("a", idle)], lastSeenAt: null }).availability).toBe(
      expected,
    );
  });
});

describe("quiet hours", () => {
  it("show busy where the person is available (idle devices too), and keep a chosen away or busy", () => {
    const devices = [device("a"), device("b", true)];
    expect(aggregate({ availability: "available", quiet: true, devices, lastSeenAt: null }).availability).toBe("busy");
    expect(aggregate({ availability: "available", quiet: true, devices: [device("a", true)], lastSeenAt: null }).availability).toBe("busy");
    expect(aggregate({ availability: "away", quiet: true, devices, lastSeenAt: null }).availability).toBe("away");
    expect(aggregate({ availability: "busy", quiet: true, devices, lastSeenAt: null }).availability).toBe("busy");
    expect(aggregate({ availability: "available", quiet: false, devices, lastSeenAt: null }).availability).toBe("available");
  });

  it("change nothing while no device is open", () => {
    expect(aggregate({ availability: "available", quiet: true, devices: [], lastSeenAt: 5 })).toEqual({ basic: "closed", availability: null, lastSeenAt: 5 });
  });
});
