// The presence cluster over Redis: device tuples in one hash per account, a heartbeat key per
// instance, and pub/sub channels for change broadcasts: one per presentity, subscribed by the
// instances holding its entry, and one for what every instance must hear. An instance that stops
// heart-beating (killed, crashed, cut off) has its devices closed by exactly one survivor,
// chosen by a lock. Redis holds nothing that cannot be rebuilt: after a Redis restart each
// instance writes its own devices and heartbeat again.
import type { Logger } from "@/lib/log";
import { type ClusterMessage, type OrphanedDevice, type PresenceCluster, presentityOf } from "@/lib/presence/cluster";
import type { DeviceTuple } from "@/lib/presence/document";
import { createChannels } from "./channels";
import type { RedisConnections } from "./redis";

/** How often an instance says it is alive, and after how long without that it counts as dead. */
export const HEARTBEAT_MS = 2_000;
export const DEAD_AFTER_MS = 8_000;

type StoredDevice = DeviceTuple & { instance: string };

export function createRedisCluster(deps: {
  redis: RedisConnections;
  instanceId: string;
  logger: Logger;
  heartbeatMs?: number;
  deadAfterMs?: number;
}): PresenceCluster {
  const { redis, instanceId, logger } = deps;
  const { command, prefix } = redis;
  const heartbeatMs = deps.heartbeatMs ?? HEARTBEAT_MS;
  const deadAfterMs = deps.deadAfterMs ?? DEAD_AFTER_MS;
  const key = {
    devices: (userId: string) => `${prefix}devices:${userId}`,
    instance: (id: string) => `${prefix}instance:${id}`,
    instances: `${prefix}instances`,
    instanceDevices: (id: string) => `${prefix}instance-devices:${id}`,
    reap: (id: string) => `${prefix}reap:${id}`,
  };
  /** This instance's own devices: what it writes back after a Redis restart. */
  const local = new Map<string, { userId: string; device: DeviceTuple }>();
  let messageHandler: (message: ClusterMessage) => void = () => {};
  let orphanHandler: (devices: OrphanedDevice[]) => Promise<void> = async () => {};

  async function heartbeat() {
    await command.multi().set(key.instance(instanceId), "1", "PX", deadAfterMs).sadd(key.instances, instanceId).exec();
  }

  async function writeDevice(userId: string, device: DeviceTuple) {
    const stored: StoredDevice = { ...device, instance: instanceId };
    await command
      .multi()
      .hset(key.devices(userId), device.id, JSON.stringify(stored))
      .sadd(key.instanceDevices(instanceId), `${userId}/${device.id}`)
      .exec();
  }

  /** Hands the devices of instances that stopped heart-beating to one survivor each. */
  async function reapDeadInstances() {
    const instances = await command.smembers(key.instances);
    for (const other of instances) {
      if (other === instanceId || (await command.exists(key.instance(other)))) continue;
      // Whoever takes the lock closes that instance's devices; the others leave them alone.
      if ((await command.set(key.reap(other), instanceId, "PX", 60_000, "NX")) !== "OK") continue;
      const members = await command.smembers(key.instanceDevices(other));
      const orphans = members.map((member) => {
        const [userId, deviceId] = member.split("/") as [string, string];
        return { userId, deviceId };
      });
      logger.warn({ instance: other, devices: orphans.length }, "instance stopped heart-beating; closing its devices");
      await orphanHandler(orphans);
      await command.multi().del(key.instanceDevices(other)).srem(key.instances, other).del(key.reap(other)).exec();
    }
  }

  /**
   * An instance restarted under the same name (INSTANCE_ID) inherits nothing: devices its
   * previous run left in Redis have no socket any more, so they close now.
   */
  async function closeLeftovers() {
    const members = await command.smembers(key.instanceDevices(instanceId));
    const mine = new Set([...local.keys()]);
    const leftovers = members.filter((member) => !mine.has(member));
    if (leftovers.length === 0) return;
    logger.warn({ devices: leftovers.length }, "closing devices left by this instance's previous run");
    await orphanHandler(
      leftovers.map((member) => {
        const [userId, deviceId] = member.split("/") as [string, string];
        return { userId, deviceId };
      }),
    );
  }

  // The first beat also closes what a previous run under this name left behind.
  let firstBeat = true;
  const timer = setInterval(() => {
    const leftovers = firstBeat ? closeLeftovers() : Promise.resolve();
    firstBeat = false;
    leftovers
      .then(heartbeat)
      .then(reapDeadInstances)
      .catch((error: unknown) => logger.warn({ err: error instanceof Error ? error.message : error }, "cluster heartbeat failed"));
  }, heartbeatMs);
  timer.unref();
  void heartbeat().catch(() => {});

  // After Redis restarts (it keeps nothing on disk), rebuild this instance's share of it.
  let readyBefore = command.status === "ready";
  command.on("ready", () => {
    if (!readyBefore) {
      readyBefore = true;
      return;
    }
    logger.info({ devices: local.size }, "redis is back; rewriting this instance's devices");
    void Promise.all([heartbeat(), ...[...local.values()].map(({ userId, device }) => writeDevice(userId, device))]).catch(
      (error: unknown) => logger.warn({ err: error instanceof Error ? error.message : error }, "rebuilding redis state failed"),
    );
  });

  // Messages about one presentity reach the instances holding it; the others reach all.
  const channels = createChannels<ClusterMessage>({
    redis,
    instanceId,
    logger,
    names: { everyone: "presence", perId: "presentity:" },
    deliver: (message) => messageHandler(message),
  });

  return {
    instanceId,
    async devicesOf(userIds) {
      const pipeline = command.pipeline();
      for (const userId of userIds) pipeline.hgetall(key.devices(userId));
      const results = (await pipeline.exec()) ?? [];
      const devices = new Map<string, DeviceTuple[]>();
      userIds.forEach((userId, index) => {
        const hash = (results[index]?.[1] ?? {}) as Record<string, string>;
        const list = Object.values(hash)
          .map((json) => JSON.parse(json) as StoredDevice)
          .sort((a, b) => a.since - b.since)
          .map(({ instance: _instance, ...device }) => device);
        devices.set(userId, list);
      });
      return devices;
    },
    async saveDevice(userId, device) {
      local.set(`${userId}/${device.id}`, { userId, device: { ...device } });
      await writeDevice(userId, device);
    },
    async removeDevice(userId, deviceId) {
      local.delete(`${userId}/${deviceId}`);
      // The device may belong to a dead instance: remove it from whichever set holds it.
      const stored = await command.hget(key.devices(userId), deviceId);
      const owner = stored ? (JSON.parse(stored) as StoredDevice).instance : instanceId;
      await command.multi().hdel(key.devices(userId), deviceId).srem(key.instanceDevices(owner), `${userId}/${deviceId}`).exec();
    },
    async deviceCount() {
      const instances = await command.smembers(key.instances);
      const counts = await Promise.all(instances.map((id) => command.scard(key.instanceDevices(id))));
      return counts.reduce((sum, count) => sum + count, 0);
    },
    broadcast(message) {
      channels.publish(presentityOf(message), message);
    },
    follow: channels.follow,
    unfollow: channels.unfollow,
    onMessage(handler) {
      messageHandler = handler;
    },
    onOrphanedDevices(handler) {
      orphanHandler = handler;
    },
    async close() {
      clearInterval(timer);
      await command.multi().del(key.instance(instanceId)).srem(key.instances, instanceId).del(key.instanceDevices(instanceId)).exec();
    },
  };
}
