import { describe, expect, it } from "vitest";
import { roughlyWhere, signedOutEverywhere, sortSessions } from "./session-display";

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

  it("says what signing out everywhere else did, tokens included", () => {
    expect(signedOutEverywhere({ ended: 1, revokedTokens: 0 })).toBe("Signed out 1 other session.");
    expect(signedOutEverywhere({ ended: 2, revokedTokens: 0 })).toBe("Signed out 2 other sessions.");
    expect(signedOutEverywhere({ ended: 0, revokedTokens: 1 })).toBe("Signed out 0 other sessions and revoked 1 access token.");
    expect(signedOutEverywhere({ ended: 3, revokedTokens: 2 })).toBe("Signed out 3 other sessions and revoked 2 access tokens.");
  });
});
