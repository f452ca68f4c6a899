import { describe, expect, it } from "vitest";
import { createMissingNames } from "./missing-names";

function clock(start = 1_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => void (now += ms) };
}

describe("missing names", () => {
  it("remembers a missing name until its time is up", () => {
    const time = clock();
    const missing = createMissingNames({ now: time.now, ttlMs: 100 });
    expect(missing.has("ghost")).toBe(false);
    missing.add("ghost");
    expect(missing.has("ghost")).toBe(true);
    time.advance(99);
    expect(missing.has("ghost")).toBe(true);
    time.advance(1);
    expect(missing.has("ghost")).toBe(false);
    expect(missing.size).toBe(0);
  });

  it("forgets a name as soon as an account takes it", () => {
    const missing = createMissingNames({ now: clock().now });
    missing.add("newcomer");
    missing.delete("newcomer");
    expect(missing.has("newcomer")).toBe(false);
  });

  it("holds at most `max` names, forgetting the oldest first", () => {
    const time = clock();
    const missing = createMissingNames({ now: time.now, max: 3 });
    for (const name of ["a", "b", "c"]) missing.add(name);
    missing.add("a"); // asked again: now the newest
    missing.add("d");
    expect(missing.size).toBe(3);
    expect(["a", "b", "c", "d"].filter((name) => missing.has(name))).toEqual(["a", "c", "d"]);
  });
});
