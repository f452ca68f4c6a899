import { describe, expect, it } from "vitest";
import { auditActionLabel, auditDetails, auditTarget, durationText, timeUntil, usesText } from "./admin-display";

const now = Date.parse("2026-11-24T12:00:00Z");
const later = (ms: number) => new Date(now + ms).toISOString();

describe("invitations in words", () => {
  it("counts uses against the limit", () => {
    expect(usesText(0, 1)).toBe("0 of 1 use");
    expect(usesText(1, 5)).toBe("1 of 5 uses");
  });

  it("says how long a link still works, coarsely", () => {
    expect(timeUntil(later(30_000), now)).toBe("in under a minute");
    expect(timeUntil(later(12 * 60_000), now)).toBe("in 12 min");
    expect(timeUntil(later(26 * 3_600_000), now)).toBe("in 26 h");
    expect(timeUntil(later(7 * 86_400_000 - 5_000), now)).toBe("in 7 days");
    expect(timeUntil(later(24 * 3_600_000 - 5_000), now)).toBe("in 24 h");
  });

  it("names a link's lifetime", () => {
    expect([1, 36, 24, 168, 720].map(durationText)).toEqual(["1 hour", "36 hours", "1 day", "7 days", "30 days"]);
  });
});

describe("the audit log in words", () => {
  it("names known actions and keeps unknown ones as recorded", () => {
    expect(auditActionLabel("account.suspend")).toBe("Suspended an account");
    expect(auditActionLabel("something.new")).toBe("something.new");
  });

  it("shows invitations by short id and accounts by name", () => {
    expect(auditTarget("invite.revoke", "0123456789abcdef")).toBe("invitation 01234567");
    expect(auditTarget("account.suspend", "bob")).toBe("@bob");
    expect(auditTarget("account.suspend", null)).toBe("—");
  });

  it("puts details in words", () => {
    expect(auditDetails({ expiresInHours: 168, maxUses: 2 })).toBe("valid 7 days, 2 uses");
    expect(auditDetails({ maxUses: 1, reason: "spam" })).toBe("1 use, reason: spam");
    expect(auditDetails(null)).toBe("");
  });
});
