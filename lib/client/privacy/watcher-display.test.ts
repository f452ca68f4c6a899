import { describe, expect, it } from "vitest";
import { hiddenWatchersLine, kindCounts, noticeLine } from "./watcher-display";

const summary = (count: number) => ({ count, firstAt: "2026-11-01T00:00:00.000Z", lastAt: "2026-11-02T00:00:00.000Z" });

describe("watcher wording", () => {
  it("lists each way of watching with its count", () => {
    expect(kindCounts({ kinds: { fetch: summary(3), subscribe: summary(1) } })).toBe("1 follow request · 3 look-ups");
  });

  it("counts hidden watchers without naming them", () => {
    expect(hiddenWatchersLine({ watchers: 0, count: 0 })).toBeNull();
    expect(hiddenWatchersLine({ watchers: 1, count: 1 })).toBe("1 person who hides their watching looked once");
    expect(hiddenWatchersLine({ watchers: 2, count: 5 })).toBe("2 people who hide their watching looked 5 times");
  });

  it("announces a watch by name only when the name is given", () => {
    const at = "2026-11-02T00:00:00.000Z";
    expect(noticeLine({ username: "bob", displayName: "Bob", kind: "fetch", at, hidden: false })).toBe("Bob (@bob) looked you up");
    expect(noticeLine({ username: null, displayName: null, kind: "subscribe", at, hidden: false })).toBe(
      "Someone asked to follow your status",
    );
    expect(noticeLine({ username: null, displayName: null, kind: "poll", at, hidden: true })).toBe(
      "Someone who hides their watching checked your status automatically",
    );
  });
});
