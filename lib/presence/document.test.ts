import { describe, expect, it } from "vitest";
import { nextVersion } from "./document";

describe("nextVersion", () => {
  it("jumps to the current time when the clock is ahead of the last version (e.g. after a restart)", () => {
    expect(nextVersion(5, 1_700_000_000_000)).toBe(1_700_000_000_000);
  });

  it("still grows by one when the last version is already at or past the clock", () => {
    const now = 1_700_000_000_000;
    expect(nextVersion(now, now)).toBe(now + 1);
    expect(nextVersion(now + 10, now)).toBe(now + 11);
  });

  it("keeps growing across several changes within the same millisecond", () => {
    const now = 1_700_000_000_000;
    let version = 0;
    const seen: number[] = [];
    for (let i = 0; i < 5; i++) {
      version = nextVersion(version, now);
      seen.push(version);
    }
    expect(seen).toEqual([now, now + 1, now + 2, now + 3, now + 4]);
  });

  it("grows across a restart whose clock went backwards (the stored version wins)", () => {
    const beforeRestart = nextVersion(0, 2_000_000);
    const afterRestart = nextVersion(beforeRestart, 1_000_000);
    expect(afterRestart).toBeGreaterThan(beforeRestart);
  });

  it("starts from a fresh presentity (version 0) at the current time", () => {
    expect(nextVersion(0, 42)).toBe(42);
    expect(nextVersion(0, 0)).toBe(1);
  });
});
