import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { PresentityEntry } from "../presence-state";
import { STATUS_EXPIRY_SWEEP_MS } from "../timing";
import { createStatusExpiry } from "./status-expiry";
import { testEntry, testState } from "./test-entry";

const T0 = Date.UTC(2026, 11, 6, 12);

function setup(entries: PresentityEntry[], store: { wins?: boolean; expiring?: string[] } = {}, clock: { lagMs: number } = { lagMs: 0 }) {
  const cleared: { userId: string; version: number }[] = [];
  const now = () => Date.now() - clock.lagMs;
  const changed: string[] = [];
  const expiry = createStatusExpiry({
    state: testState(...entries),
    store: {
      // As the store's conditional update: only a status whose expiry has passed at `at`.
      clearExpiredStatus: async (userId, at, version) => {
        const due = entries.find((entry) => entry.doc.userId === userId)?.doc.statusExpiresAt;
        if (due !== undefined && due !== null && due > at.getTime()) return false;
        cleared.push({ userId, version });
        return store.wins ?? true;
      },
      expiringBefore: async () => (store.expiring ?? []).map((userId) => ({ userId, statusExpiresAt: new Date(T0 - 1) })),
    },
    logger: { error: () => {} },
    now,
    changed: (entry) => void changed.push(entry.doc.userId),
  });
  return { expiry, cleared, changed };
}

const busyUntil = (userId: string, at: number) =>
  testEntry(userId, { availability: "busy", note: "in a meeting", statusExpiresAt: at, version: T0 - 10 });

describe("status expiry", () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(T0);
  });
  afterEach(() => vi.useRealTimers());

  it("reverts the status to available with no note when its expiry passes, and tells watchers", async () => {
    const entry = busyUntil("alice", T0 + 60_000);
    const { expiry, cleared, changed } = setup([entry]);
    expiry.schedule(entry);
    expect(expiry.isArmed("alice")).toBe(true);
    await vi.advanceTimersByTimeAsync(59_999);
    expect(changed).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);

    expect(cleared).toEqual([{ userId: "alice", version: T0 + 60_000 }]);
    expect(entry.doc).toMatchObject({ availability: "available", note: null, statusExpiresAt: null, updatedAt: T0 + 60_000 });
    expect(entry.doc.version).toBe(T0 + 60_000);
    expect(changed).toEqual(["alice"]);
    expect(expiry.isArmed("alice")).toBe(false);
    expiry.stop();
  });

  it("waits out the rest when its timer fires before the wall clock reaches the expiry", async () => {
    // Timers count from the event loop's cached time, which lags the wall clock by the work done
    // before they were set: one can fire a few ms early by Date.now().
    const clock = { lagMs: 0 };
    const entry = busyUntil("alice", T0 + 1_000);
    const { expiry, cleared, changed } = setup([entry], {}, clock);
    expiry.schedule(entry);
    clock.lagMs = 5;
    await vi.advanceTimersByTimeAsync(1_000);
    expect(changed).toEqual([]);
    expect(expiry.isArmed("alice")).toBe(true);
    await vi.advanceTimersByTimeAsync(5);
    expect(cleared.map((row) => row.userId)).toEqual(["alice"]);
    expect(entry.doc).toMatchObject({ availability: "available", note: null, statusExpiresAt: null });
    expect(changed).toEqual(["alice"]);
    expiry.stop();
  });

  it("changes nothing where another instance cleared the status first (watchers hear it once)", async () => {
    const entry = busyUntil("alice", T0 + 1_000);
    const { expiry, changed } = setup([entry], { wins: false });
    expiry.schedule(entry);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(entry.doc.availability).toBe("busy");
    expect(changed).toEqual([]);
    expiry.stop();
  });

  it("disarms the timer when the status no longer expires", async () => {
    const entry = busyUntil("alice", T0 + 1_000);
    const { expiry, cleared } = setup([entry]);
    expiry.schedule(entry);
    entry.doc.statusExpiresAt = null;
    expiry.schedule(entry);
    expect(expiry.isArmed("alice")).toBe(false);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(cleared).toEqual([]);
    expiry.stop();
  });

  it("leaves an expiry beyond setTimeout's range to the sweep", () => {
    const entry = busyUntil("alice", T0 + 2 ** 31);
    const { expiry } = setup([entry]);
    expiry.schedule(entry);
    expect(expiry.isArmed("alice")).toBe(false);
    expiry.stop();
  });

  it("sweeps stored statuses that expired, for presentities in memory or not", async () => {
    const entry = busyUntil("alice", T0 - 1);
    const { expiry, cleared, changed } = setup([entry], { expiring: ["alice", "bob"] });
    await vi.advanceTimersByTimeAsync(STATUS_EXPIRY_SWEEP_MS);
    expect(cleared.map((row) => row.userId)).toEqual(["alice", "bob"]);
    expect(changed).toEqual(["alice"]);
    expect(entry.doc.availability).toBe("available");
    expiry.stop();
  });

  it("stops its sweep and timers on shutdown", () => {
    const entry = busyUntil("alice", T0 + 1_000);
    const { expiry } = setup([entry]);
    expiry.schedule(entry);
    expect(vi.getTimerCount()).toBe(2);
    expiry.stop();
    expect(vi.getTimerCount()).toBe(0);
  });
});
