import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { watchIdle } from "./idle-detector";

const IDLE_MS = 5 * 60_000;

function setup() {
  const target = new EventTarget();
  const page = Object.assign(new EventTarget(), { visibilityState: "visible" as DocumentVisibilityState });
  const changes: boolean[] = [];
  const stop = watchIdle({ idleAfterMs: IDLE_MS, onChange: (idle) => changes.push(idle), target, page, now: Date.now });
  const input = (type = "pointermove") => target.dispatchEvent(new Event(type));
  const setVisibility = (state: DocumentVisibilityState) => {
    page.visibilityState = state;
    page.dispatchEvent(new Event("visibilitychange"));
  };
  return { changes, stop, input, setVisibility };
}

describe("watchIdle", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("turns idle after the span without input, once", () => {
    const { changes } = setup();
    vi.advanceTimersByTime(IDLE_MS - 1);
    expect(changes).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(changes).toEqual([true]);
    vi.advanceTimersByTime(IDLE_MS * 3);
    expect(changes).toEqual([true]);
  });

  it("counts the span from the last input", () => {
    const { changes, input } = setup();
    vi.advanceTimersByTime(IDLE_MS - 1_000);
    input("keydown");
    vi.advanceTimersByTime(IDLE_MS - 1_000);
    expect(changes).toEqual([]);
    vi.advanceTimersByTime(1_000);
    expect(changes).toEqual([true]);
  });

  it("returns on activity, reporting only the transition", () => {
    const { changes, input } = setup();
    vi.advanceTimersByTime(IDLE_MS);
    input();
    input("scroll");
    expect(changes).toEqual([true, false]);
    vi.advanceTimersByTime(IDLE_MS);
    expect(changes).toEqual([true, false, true]);
  });

  it("a hidden page turns idle after the span; showing it again is activity", () => {
    const { changes, setVisibility } = setup();
    setVisibility("hidden");
    vi.advanceTimersByTime(IDLE_MS);
    expect(changes).toEqual([true]);
    setVisibility("visible");
    expect(changes).toEqual([true, false]);
  });

  it("checks at once when the page hides late, as browsers slow hidden timers", () => {
    const { changes, setVisibility } = setup();
    // The timer has not run although the span has passed (a throttled background timer).
    vi.setSystemTime(Date.now() + IDLE_MS);
    setVisibility("hidden");
    expect(changes).toEqual([true]);
  });

  it("stops listening when stopped", () => {
    const { changes, stop, input } = setup();
    stop();
    vi.advanceTimersByTime(IDLE_MS * 2);
    input();
    expect(changes).toEqual([]);
  });
});
