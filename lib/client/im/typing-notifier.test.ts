import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createTypingNotifier } from "./typing-notifier";

describe("createTypingNotifier", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  const notifier = () => {
    const sent: boolean[] = [];
    const typing = createTypingNotifier((value) => sent.push(value), { repeatMs: 3_000, idleMs: 3_000, now: Date.now });
    return { sent, typing };
  };

  it("says typing once, then again only every repeat interval while typing goes on", () => {
    const { sent, typing } = notifier();
    for (let i = 0; i < 10; i += 1) {
      typing.changed("h".repeat(i + 1));
      vi.advanceTimersByTime(500);
    }
    // Typed for 5 s: at 0 and at 3 s.
    expect(sent).toEqual([true, true]);
  });

  it("says stopped after the idle time, once", () => {
    const { sent, typing } = notifier();
    typing.changed("hello");
    vi.advanceTimersByTime(2_999);
    expect(sent).toEqual([true]);
    vi.advanceTimersByTime(1);
    expect(sent).toEqual([true, false]);
    vi.advanceTimersByTime(10_000);
    expect(sent).toEqual([true, false]);
  });

  it("says stopped at once on stop (send, blur) or a cleared draft, and nothing if it never said typing", () => {
    const { sent, typing } = notifier();
    typing.stop();
    expect(sent).toEqual([]);
    typing.changed("hi");
    typing.stop();
    expect(sent).toEqual([true, false]);
    typing.changed("again");
    typing.changed("  ");
    expect(sent).toEqual([true, false, true, false]);
    vi.advanceTimersByTime(5_000);
    expect(sent).toEqual([true, false, true, false]);
  });

  it("says typing at once when typing resumes after a stop", () => {
    const { sent, typing } = notifier();
    typing.changed("a");
    typing.stop();
    typing.changed("ab");
    expect(sent).toEqual([true, false, true]);
  });
});
