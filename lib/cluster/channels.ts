// Pub/sub between the instances of a cluster: one channel per id (an account, a presentity),
// subscribed by the instances that follow it, and one that every instance hears. All of them on
// the one subscriber connection, so messages arrive in the order they were sent whatever their
// channel. An instance does not hear its own messages.
import type { Logger } from "@/lib/log";
import type { RedisConnections } from "./redis";

export function createChannels<T>(deps: {
  redis: RedisConnections;
  instanceId: string;
  logger: Pick<Logger, "warn">;
  /** The channel every instance hears, and the prefix of the per-id ones. */
  names: { everyone: string; perId: string };
  /** A message another instance sent on a channel this one hears. */
  deliver: (message: T) => void;
}) {
  const { redis, instanceId, logger } = deps;
  const { command, subscriber, prefix } = redis;
  const everyone = `${prefix}${deps.names.everyone}`;
  const perId = `${prefix}${deps.names.perId}`;
  const channelOf = (id: string) => `${perId}${id}`;
  const warn = (what: string) => (error: unknown) => logger.warn({ err: error instanceof Error ? error.message : error }, what);

  void subscriber.subscribe(everyone).catch(warn(`${deps.names.everyone}: subscription failed`));
  subscriber.on("message", (channel: string, raw: string) => {
    if (channel !== everyone && !channel.startsWith(perId)) return;
    try {
      const { from, message } = JSON.parse(raw) as { from: string; message: T };
      if (from !== instanceId) deps.deliver(message);
    } catch (error) {
      warn(`${deps.names.everyone}: bad message`)(error);
    }
  });

  return {
    /** To the instances following `id`, or to every instance (null). */
    publish(id: string | null, message: T) {
      const channel = id === null ? everyone : channelOf(id);
      void command.publish(channel, JSON.stringify({ from: instanceId, message })).catch(warn(`${deps.names.everyone}: publish failed`));
    },
    /** Redis answers a connection's commands in order: once this resolves, the channels are live. */
    async follow(ids: string[]) {
      if (ids.length > 0) await subscriber.subscribe(...ids.map(channelOf));
    },
    unfollow(ids: string[]) {
      if (ids.length > 0) void subscriber.unsubscribe(...ids.map(channelOf)).catch(warn(`${deps.names.everyone}: unsubscribe failed`));
    },
  };
}
