// What the presence service shares with the other server instances of one service. Alone
// (no REDIS_URL) this is a no-op: memory is the truth. In a cluster (lib/cluster/redis-cluster.ts)
// device tuples live in Redis, instances tell each other of changes, and the devices of an
// instance that died are handed to a survivor to close.
import type { DeviceTuple, PresenceDocument } from "./document";
import type { Holding } from "./presence-state";

export type ClusterMessage =
  /** A presentity's document changed on another instance (which told the watchers connected to it). */
  | { type: "doc"; userId: string; doc: PresenceDocument }
  /** A presentity's access rules or invisible mode changed. */
  | { type: "policy"; userId: string }
  /** A presentity's contacts or groups changed. */
  | { type: "contacts"; userId: string }
  | { type: "subscriber"; presentityId: string; watcherId: string; holding: Holding }
  /** A watcher's visibility rules changed. */
  | { type: "visibility"; watcherId: string }
  /** These accounts' buddy lists changed shape: each instance sends its tabs of them a snapshot. */
  | { type: "buddy-lists"; userIds: string[] }
  /** An account was deleted: forget it. */
  | { type: "deleted"; userId: string };

export type OrphanedDevice = { userId: string; deviceId: string };

export interface PresenceCluster {
  readonly instanceId: string;
  /** Device tuples of these accounts across all instances; null when alone (memory is the truth). */
  devicesOf(userIds: string[]): Promise<Map<string, DeviceTuple[]>> | null;
  saveDevice(userId: string, device: DeviceTuple): Promise<void>;
  removeDevice(userId: string, deviceId: string): Promise<void>;
  /** Devices connected across the service; null when alone (count them in memory). */
  deviceCount(): Promise<number> | null;
  broadcast(message: ClusterMessage): void;
  onMessage(handler: (message: ClusterMessage) => void): void;
  /** Devices left open by an instance that stopped heart-beating; each is handed to one survivor. */
  onOrphanedDevices(handler: (devices: OrphanedDevice[]) => Promise<void>): void;
  close(): Promise<void>;
}

export function createLocalCluster(): PresenceCluster {
  return {
    instanceId: "local",
    devicesOf: () => null,
    saveDevice: async () => {},
    removeDevice: async () => {},
    deviceCount: () => null,
    broadcast: () => {},
    onMessage: () => {},
    onOrphanedDevices: () => {},
    close: async () => {},
  };
}
