import { describe, expect, it } from "vitest";
import { createCursorProgress } from "./cursor-progress";

describe("a resource's cursor progress", () => {
  it("moves nowhere before anything was had", () => {
    expect(createCursorProgress().cursor()).toBeNull();
  });

  it("goes to the catch-up's end at once when nothing was waiting", () => {
    const progress = createCursorProgress();
    progress.catchingUp([], 42);
    expect(progress.cursor()).toBe(42);
  });

  it("goes to the catch-up's end only once every catch-up message was had", () => {
    const progress = createCursorProgress();
    progress.catchingUp([3, 5], 9);
    expect(progress.cursor()).toBeNull();
    progress.had(3);
    expect(progress.cursor()).toBe(3);
    progress.had(5);
    expect(progress.cursor()).toBe(9);
  });

  it("stays before an unacknowledged catch-up message when a later live message was had", () => {
    const progress = createCursorProgress();
    progress.had(12); // live, acknowledged while the catch-up was read
    progress.catchingUp([7, 8], 10);
    progress.had(7);
    expect(progress.cursor()).toBe(7);
    progress.had(8);
    expect(progress.cursor()).toBe(12);
  });

  it("follows live messages as they are had", () => {
    const progress = createCursorProgress();
    progress.catchingUp([], 4);
    progress.had(6);
    progress.had(5); // an older one acknowledged late does not move it back
    expect(progress.cursor()).toBe(6);
  });
});
