import { describe, expect, it } from "vitest";
import { roughlyWhere, sortSessions } from "./session-display";

const session = (id: string, current: boolean, lastActiveAt: string) => ({
  id,
  current,
  device: "Chrome on Linux",
  address: null,
  createdAt: lastActiveAt,
  lastActiveAt,
});

describe("sessions in words", () => {
  it("lists this device first, then the most recently active", () => {
    const sorted = sortSessions([
      session("old", false, "2026-11-01T00:00:00Z"),
      session("me", true, "2026-10-01T00:00:00Z"),
      session("new", false, "2026-11-20T00:00:00Z"),
    ]);
    expect(sorted.map((row) => row.id)).toEqual(["me", "new", "old"]);
  });

  it("says roughly where from", () => {
    expect(roughlyWhere("203.0.113.x")).toBe("from 203.0.113.x");
    expect(roughlyWhere(null)).toBe("address unknown");
  });
});
