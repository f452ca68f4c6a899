import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { DeviceTuple } from "../document";
import type { PresentityEntry } from "../presence-state";
import { createDevices } from "./devices";
import { testEntry, testState } from "./test-entry";

const GRACE_MS = 5_000;
const T0 = Date.UTC(2026, 11, 6, 12);

function setup(entry: PresentityEntry = testEntry("alice")) {
  const changes: number[] = [];
  const saved: DeviceTuple[] = [];
  const removed: string[] = [];
  const lastSeen: Date[] = [];
  const expiries: string[] = [];
  let ids = 0;
  const devices = createDevices({
    state: testState(entry),
    store: { saveLastSeen: async (_userId, at) => void lastSeen.push(at) },
    cluster: {
      saveDevice: async (_userId, device) => void saved.push(device),
      removeDevice: async (_userId, deviceId) => void removed.push(deviceId),
      deviceCount: () => null,
    },
    logger: { error: () => {} },
    graceMs: GRACE_MS,
    now: Date.now,
    changed: (changedEntry) => void changes.push(changedEntry.doc.devices.length),
    scheduleExpiry: (scheduled) => void expiries.push(scheduled.doc.userId),
    newDeviceId: () => `new-${++ids}`,
  });
  return { devices, entry, changes, saved, removed, lastSeen, expiries };
}

describe("device tuples", () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(T0);
  });
  afterEach(() => vi.useRealTimers());

  it("opens a tuple on connect, keeps it through a reload within the grace period, and watchers hear nothing of it", async () => {
    const { devices, entry, changes, removed } = setup();
    expect(await devices.connect({ id: "alice" }, { deviceId: "tab", label: "Firefox" })).toBe("tab");
    expect(entry.doc.devices.map((device) => device.id)).toEqual(["tab"]);
    expect(changes).toEqual([1]);
    const version = entry.doc.version;

    devices.disconnect("alice", "tab");
    await vi.advanceTimersByTimeAsync(GRACE_MS - 1);
    expect(await devices.connect({ id: "alice" }, { deviceId: "tab", label: "Firefox" })).toBe("tab");
    await vi.advanceTimersByTimeAsync(GRACE_MS * 2);

    expect(entry.doc.devices.map((device) => device.id)).toEqual(["tab"]);
    expect(entry.doc.version).toBe(version);
    expect(changes).toEqual([1]);
    expect(removed).toEqual([]);
    expect(devices.isOnline("alice")).toBe(true);
  });

  it("closes the tuple when the grace period ends, and the last device out leaves last seen", async () => {
    const { devices, entry, changes, removed, lastSeen } = setup();
    await devices.connect({ id: "alice" }, { deviceId: "tab", label: "Firefox" });
    devices.disconnect("alice", "tab");
    await vi.advanceTimersByTimeAsync(GRACE_MS - 1);
    expect(entry.doc.devices).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);

    expect(entry.doc.devices).toEqual([]);
    expect(removed).toEqual(["tab"]);
    expect(lastSeen).toEqual([new Date(T0 + GRACE_MS)]);
    expect(entry.doc.lastSeenAt).toBe(T0 + GRACE_MS);
    expect(changes).toEqual([1, 0]);
    expect(devices.isOnline("alice")).toBe(false);
    expect(devices.accountsHere().size).toBe(0);
  });

  it("leaves last seen alone while another device stays open", async () => {
    const { devices, entry, lastSeen } = setup();
    await devices.connect({ id: "alice" }, { deviceId: "laptop", label: "Firefox" });
    await devices.connect({ id: "alice" }, { deviceId: "phone", label: "Safari" });
    devices.disconnect("alice", "phone");
    await vi.advanceTimersByTimeAsync(GRACE_MS);
    expect(entry.doc.devices.map((device) => device.id)).toEqual(["laptop"]);
    expect(lastSeen).toEqual([]);
    expect(entry.doc.lastSeenAt).toBeNull();
  });

  it("gives a duplicated tab (the same device id live in another socket) an id of its own", async () => {
    const { devices, entry } = setup();
    await devices.connect({ id: "alice" }, { deviceId: "tab", label: "Firefox" });
    expect(await devices.connect({ id: "alice" }, { deviceId: "tab", label: "Firefox" })).toBe("new-1");
    expect(entry.doc.devices.map((device) => device.id)).toEqual(["tab", "new-1"]);
  });

  it("closes a device once when its disconnect is reported twice", async () => {
    const { devices, entry, removed, changes } = setup();
    expect(await devices.connect({ id: "alice" }, { label: "API client" })).toBe("new-1");
    devices.disconnect("alice", "new-1");
    devices.disconnect("alice", "new-1");
    await vi.advanceTimersByTimeAsync(GRACE_MS * 2);
    expect(entry.doc.devices).toEqual([]);
    expect(removed).toEqual(["new-1"]);
    expect(changes).toEqual([1, 0]);
  });

  it("arms the status expiry when a device opens while a status with an expiry is set", async () => {
    const { devices, expiries } = setup(testEntry("alice", { statusExpiresAt: T0 + 60_000 }));
    await devices.connect({ id: "alice" }, { deviceId: "tab", label: "Firefox" });
    expect(expiries).toEqual(["alice"]);
  });

  it("stores an idle change before it changes the document, and ignores one that changes nothing", async () => {
    const { devices, entry, saved, changes } = setup();
    await devices.connect({ id: "alice" }, { deviceId: "tab", label: "Firefox" });
    vi.setSystemTime(T0 + 1_000);
    await devices.setIdle("alice", "tab", true);
    expect(saved.at(-1)).toMatchObject({ id: "tab", idle: true, since: T0 + 1_000 });
    expect(entry.doc.devices[0]).toMatchObject({ idle: true, since: T0 + 1_000 });
    await devices.setIdle("alice", "tab", true);
    await devices.setIdle("alice", "gone", false);
    expect(changes).toEqual([1, 1]);
  });

  it("closes this instance's devices at once on shutdown, those in their grace period too", async () => {
    const { devices, entry, removed } = setup();
    await devices.connect({ id: "alice" }, { deviceId: "laptop", label: "Firefox" });
    await devices.connect({ id: "alice" }, { deviceId: "phone", label: "Safari" });
    devices.disconnect("alice", "phone");
    await devices.close();
    expect(entry.doc.devices).toEqual([]);
    expect(removed.sort()).toEqual(["laptop", "phone"]);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("counts connected devices from memory when alone", async () => {
    const { devices } = setup();
    await devices.connect({ id: "alice" }, { deviceId: "laptop", label: "Firefox" });
    await devices.connect({ id: "alice" }, { deviceId: "phone", label: "Safari" });
    expect(await devices.connectedClients()).toBe(2);
    expect([...devices.accountsHere()]).toEqual(["alice"]);
  });
});
