import { describe, expect, it } from "vitest";
import { TYPING_REPEAT_MS, TYPING_TIMEOUT_MS } from "@/lib/protocol/im";
import { TYPING_RELAY_MS, createTypingThrottle } from "./typing-throttle";

function clock() {
  let time = 1_000_000;
  return { now: () => time, advance: (ms: number) => (time += ms) };
}

describe("typing throttle", () => {
  it("relays a client's repeats: the relay interval is shorter than the repeat interval", () => {
    expect(TYPING_RELAY_MS).toBeLessThan(TYPING_REPEAT_MS);
    expect(TYPING_REPEAT_MS).toBeLessThan(TYPING_TIMEOUT_MS);
    const { now, advance } = clock();
    const throttle = createTypingThrottle(now);
    for (let i = 0; i < 5; i++) {
      expect(throttle.shouldRelay("alice", "bob", true)).toBe(true);
      advance(TYPING_REPEAT_MS);
    }
  });

  it("drops a flood of typing notices within the relay interval", () => {
    const { now, advance } = clock();
    const throttle = createTypingThrottle(now);
    expect(throttle.shouldRelay("alice", "bob", true)).toBe(true);
    for (let i = 0; i < 10; i++) {
      advance(100);
      expect(throttle.shouldRelay("alice", "bob", true)).toBe(false);
    }
    advance(TYPING_RELAY_MS);
    expect(throttle.shouldRelay("alice", "bob", true)).toBe(true);
  });

  it("relays a stop only after a relayed typing, and only once", () => {
    const { now } = clock();
    const throttle = createTypingThrottle(now);
    expect(throttle.shouldRelay("alice", "bob", false)).toBe(false);
    throttle.shouldRelay("alice", "bob", true);
    expect(throttle.shouldRelay("alice", "bob", false)).toBe(true);
    expect(throttle.shouldRelay("alice", "bob", false)).toBe(false);
  });

  it("does not let typing/stop toggling beat the relay interval", () => {
    const { now, advance } = clock();
    const throttle = createTypingThrottle(now);
    throttle.shouldRelay("alice", "bob", true);
    throttle.shouldRelay("alice", "bob", false);
    advance(500);
    expect(throttle.shouldRelay("alice", "bob", true)).toBe(false);
  });

  it("starts afresh after a message, and keeps pairs apart", () => {
    const { now } = clock();
    const throttle = createTypingThrottle(now);
    throttle.shouldRelay("alice", "bob", true);
    expect(throttle.shouldRelay("alice", "carol", true)).toBe(true);
    expect(throttle.shouldRelay("bob", "alice", true)).toBe(true);
    throttle.reset("alice", "bob");
    expect(throttle.shouldRelay("alice", "bob", true)).toBe(true);
  });

  it("forgets pairs quiet for longer than an indicator lasts", () => {
    const { now, advance } = clock();
    const throttle = createTypingThrottle(now);
    throttle.shouldRelay("alice", "bob", true);
    advance(TYPING_TIMEOUT_MS / 2);
    throttle.shouldRelay("carol", "bob", true);
    advance(TYPING_TIMEOUT_MS / 2 + 1);
    throttle.sweep();
    expect(throttle.size).toBe(1);
  });
});
