import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { QuietHours } from "@/lib/protocol/quiet-hours";
import type { PresentityEntry } from "../presence-state";
import { createQuietHours } from "./quiet-hours";
import { testEntry, testState } from "./test-entry";

// A Monday, 12:00 UTC.
const T0 = Date.UTC(2026, 2, 2, 12);
const monday = (start: string, end: string): QuietHours => ({ zone: "UTC", ranges: [{ days: [1], start, end }] });

function setup(...entries: PresentityEntry[]) {
  const published: { userId: string; quiet: boolean | undefined }[] = [];
  const changed: string[] = [];
  const saved: [string, QuietHours | null][] = [];
  const quiet = createQuietHours({
    state: testState(...entries),
    store: { save: async (userId, schedule) => void saved.push([userId, schedule]) },
    logger: { error: () => {} },
    now: Date.now,
    publish: (entry) => void published.push({ userId: entry.doc.userId, quiet: entry.doc.quiet }),
    changed: (entry) => void changed.push(entry.doc.userId),
  });
  return { quiet, published, changed, saved };
}

describe("quiet hours timers", () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(T0);
  });
  afterEach(() => vi.useRealTimers());

  it("turns quiet at the start and back at the end, telling this instance's watchers each time", async () => {
    const entry = testEntry("alice", { quietHours: monday("12:01", "12:03"), version: T0 - 10 });
    const { quiet, published } = setup(entry);
    quiet.adopt(entry);
    expect(entry.doc.quiet ?? false).toBe(false);
    await vi.advanceTimersByTimeAsync(59_999);
    expect(published).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(published).toEqual([{ userId: "alice", quiet: true }]);
    expect(entry.doc.version).toBe(T0 + 60_000);
    await vi.advanceTimersByTimeAsync(120_000);
    expect(published).toEqual([
      { userId: "alice", quiet: true },
      { userId: "alice", quiet: false },
    ]);
    quiet.stop();
  });

  it("brings an entry in step when adopted mid-range, without telling anyone", () => {
    const entry = testEntry("alice", { quietHours: monday("11:00", "13:00") });
    const { quiet, published } = setup(entry);
    quiet.adopt(entry);
    expect(entry.doc.quiet).toBe(true);
    expect(published).toEqual([]);
    quiet.stop();
  });

  it("stores a new schedule, applies it at once and sends the document to every instance", async () => {
    const entry = testEntry("alice", { version: T0 - 10 });
    const { quiet, changed, saved, published } = setup(entry);
    const answer = await quiet.set({ id: "alice" }, monday("11:00", "12:30"));
    expect(saved).toEqual([["alice", monday("11:00", "12:30")]]);
    expect(answer).toEqual({ quietHours: monday("11:00", "12:30"), quiet: true, nextChangeAt: new Date(T0 + 30 * 60_000).toISOString() });
    expect(entry.doc.quiet).toBe(true);
    expect(changed).toEqual(["alice"]);
    await vi.advanceTimersByTimeAsync(30 * 60_000);
    expect(published).toEqual([{ userId: "alice", quiet: false }]);
    expect(await quiet.set({ id: "alice" }, null)).toEqual({ quietHours: null, quiet: false, nextChangeAt: null });
    expect(await quiet.get({ id: "alice" })).toEqual({ quietHours: null, quiet: false, nextChangeAt: null });
    quiet.stop();
  });

  it("does nothing for an entry evicted before its transition", async () => {
    const entry = testEntry("alice", { quietHours: monday("12:01", "12:02") });
    const { quiet, published } = setup();
    quiet.adopt(entry);
    await vi.advanceTimersByTimeAsync(120_000);
    expect(published).toEqual([]);
    quiet.stop();
  });
});
