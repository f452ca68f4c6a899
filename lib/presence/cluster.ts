// What the presence service shares with the other server instances of one service. Alone
// (no REDIS_URL) this is a no-op: memory is the truth. In a cluster (lib/cluster/redis-cluster.ts)
// device tuples live in Redis, instances tell each other of changes, and the devices of an
// instance that died are handed to a survivor to close.
import type { DeviceTuple, PresenceDocument } from "./document";
import type { Holding } from "./relations";

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

/**
 * The presentity a message is about, when it concerns only the instances holding that
 * presentity's entry (the others would drop it); null when every instance must hear it: a
 * watcher's rules and a deleted account reach into other presentities' entries, and buddy lists
 * are tabs' business wherever they are.
 */
export function presentityOf(message: ClusterMessage): string | null {
  switch (message.type) {
    case "doc":
    case "policy":
    case "contacts":
      return message.userId;
    case "subscriber":
      return message.presentityId;
    case "visibility":
    case "buddy-lists":
    case "deleted":
      return null;
  }
}

export type OrphanedDevice = { userId: string; deviceId: string };

export interface PresenceCluster {
  readonly instanceId: string;
  /** Device tuples of these accounts across all instances; null when alone (memory is the truth). */
  devicesOf(userIds: string[]): Promise<Map<string, DeviceTuple[]>> | null;
  saveDevice(userId: string, device: DeviceTuple): Promise<void>;
  removeDevice(userId: string, deviceId: string): Promise<void>;
  /** Devices connected across the service; null when alone (count them in memory). */
  deviceCount(): Promise<number> | null;
  /**
   * Tells the other instances. A message about one presentity reaches only the instances that
   * follow it (hold its entry); the others reach every instance.
   */
  broadcast(message: ClusterMessage): void;
  /** From when this resolves, messages about these presentities reach this instance. */
  follow(userIds: string[]): Promise<void>;
  /** Messages about these presentities no longer reach this instance. */
  unfollow(userIds: string[]): void;
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
    follow: async () => {},
    unfollow: () => {},
    onMessage: () => {},
    onOrphanedDevices: () => {},
    close: async () => {},
  };
}
