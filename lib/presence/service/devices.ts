// Device tuples: a tab or API client opens one when it connects; it turns idle (away) and back;
// when its socket closes it stays open for a grace period, so a reload is invisible to
// watchers, and closes after it. The last device out leaves "last seen". A duplicated tab
// (the same device id in two sockets) gets an id of its own. In a cluster the tuples live in
// Redis too (PresenceCluster), and each instance closes the devices connected to it.
import { randomUUID } from "node:crypto";
import type { SessionUser } from "@/lib/accounts/account-service";
import type { PresenceStore } from "@/lib/db/presence/presence-store";
import type { Logger } from "@/lib/log";
import type { PresenceCluster } from "../cluster";
import { bump, nextVersion } from "../document";
import type { PresenceState, PresentityEntry } from "../presence-state";

export function createDevices(deps: {
  state: Pick<PresenceState, "get" | "peek" | "requireEntry" | "all">;
  store: Pick<PresenceStore, "saveLastSeen">;
  cluster: Pick<PresenceCluster, "saveDevice" | "removeDevice" | "deviceCount">;
  logger: Pick<Logger, "error">;
  /** How long a disconnected device stays open, waiting for its tab to come back. */
  graceMs: number;
  now: () => number;
  /** A document change made here (fan-out.ts). */
  changed: (entry: PresentityEntry) => void;
  /** The presentity's status expiry must be armed (status-expiry.ts). */
  scheduleExpiry: (entry: PresentityEntry) => void;
  newDeviceId?: () => string;
}) {
  const { state, cluster, logger, now, changed } = deps;
  const newDeviceId = deps.newDeviceId ?? randomUUID;
  /** Devices that disconnected and close when their grace period ends. */
  const closing = new Map<string, NodeJS.Timeout>();
  /** Sockets per device, so a duplicated tab (same device id twice) gets an id of its own. */
  const liveSockets = new Map<string, number>();
  const deviceKey = (userId: string, deviceId: string) => `${userId}/${deviceId}`;

  async function closeDevice(userId: string, deviceId: string) {
    try {
      const entry = await state.get(userId);
      await cluster.removeDevice(userId, deviceId);
      if (!entry) return;
      // Stored before the document changes (see setIdle): the last device out leaves "last seen".
      const at = now();
      const last = entry.doc.devices.length === 1 && entry.doc.devices[0]!.id === deviceId;
      if (last) await deps.store.saveLastSeen(userId, new Date(at), nextVersion(entry.doc.version, at));
      const index = entry.doc.devices.findIndex((device) => device.id === deviceId);
      if (index < 0) return;
      entry.doc.devices.splice(index, 1);
      if (entry.doc.devices.length === 0) entry.doc.lastSeenAt = at;
      bump(entry.doc, now());
      changed(entry);
    } catch (error) {
      logger.error({ err: error, userId }, "closing a device failed");
    }
  }

  return {
    closeDevice,

    /** A tab or API client connected. Returns the device id it should use from now on. */
    async connect(user: Pick<SessionUser, "id">, device: { deviceId?: string; label: string }): Promise<string> {
      const entry = await state.requireEntry(user.id);
      let deviceId = device.deviceId ?? newDeviceId();
      let key = deviceKey(user.id, deviceId);
      if ((liveSockets.get(key) ?? 0) > 0) {
        // The same id is live in another socket (a duplicated tab): this one is a new device.
        deviceId = newDeviceId();
        key = deviceKey(user.id, deviceId);
      }
      liveSockets.set(key, (liveSockets.get(key) ?? 0) + 1);
      const pendingClose = closing.get(key);
      if (pendingClose) {
        // Back within the grace period (a reload): the tuple never closed, watchers saw nothing.
        clearTimeout(pendingClose);
        closing.delete(key);
        if (entry.doc.devices.some((existing) => existing.id === deviceId)) return deviceId;
      }
      const tuple = { id: deviceId, label: device.label, idle: false, since: now() };
      await cluster.saveDevice(user.id, tuple);
      entry.doc.devices.push(tuple);
      bump(entry.doc, now());
      if (entry.doc.statusExpiresAt !== null) deps.scheduleExpiry(entry);
      changed(entry);
      return deviceId;
    },

    /** A device's socket closed: its tuple closes after the grace period unless it comes back. */
    disconnect(userId: string, deviceId: string) {
      const key = deviceKey(userId, deviceId);
      const sockets = (liveSockets.get(key) ?? 1) - 1;
      if (sockets > 0) {
        liveSockets.set(key, sockets);
        return;
      }
      liveSockets.delete(key);
      clearTimeout(closing.get(key));
      const timer = setTimeout(() => {
        closing.delete(key);
        void closeDevice(userId, deviceId);
      }, deps.graceMs);
      timer.unref();
      closing.set(key, timer);
    },

    async setIdle(userId: string, deviceId: string, idle: boolean) {
      const entry = await state.requireEntry(userId);
      const device = entry.doc.devices.find((candidate) => candidate.id === deviceId);
      if (!device || device.idle === idle) return;
      // Stored first, then changed and published in one step: a view rendered in between
      // would otherwise take the new content under the old version, and watchers would miss it.
      const since = now();
      await cluster.saveDevice(userId, { ...device, idle, since });
      Object.assign(device, { idle, since });
      bump(entry.doc, now());
      changed(entry);
    },

    /** Whether any device of the account is open (anywhere in the service). */
    isOnline(userId: string): boolean {
      return (state.peek(userId)?.doc.devices.length ?? 0) > 0;
    },

    /** Devices (tabs, API clients) connected now, across the service. */
    async connectedClients(): Promise<number> {
      const shared = cluster.deviceCount();
      if (shared) return shared;
      let count = 0;
      for (const entry of state.all()) count += entry.doc.devices.length;
      return count;
    },

    /** Accounts with a device connected to this instance, or within its grace period. */
    accountsHere(): Set<string> {
      return new Set([...liveSockets.keys(), ...closing.keys()].map((key) => key.slice(0, key.indexOf("/"))));
    },

    /** Shutdown: this instance's devices close now (watchers hear it, last seen is written). */
    async close() {
      closing.forEach(clearTimeout);
      const local = [...new Set([...liveSockets.keys(), ...closing.keys()])];
      liveSockets.clear();
      closing.clear();
      await Promise.all(local.map((key) => closeDevice(...(key.split("/") as [string, string]))));
    },
  };
}
export type Devices = ReturnType<typeof createDevices>;
