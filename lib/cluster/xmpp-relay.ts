// Notifications for XMPP sessions across the instances of a cluster: one channel per account,
// subscribed by the instances where it has a session, and one for what may concern sessions of
// many accounts. XMPP sessions are no sockets, so socket.io's rooms cannot carry them.
import type { Logger } from "@/lib/log";
import type { XmppRelayCall } from "@/lib/protocol/events";
import { relayAccountOf, type XmppRelay } from "@/lib/xmpp/notifier";
import type { RedisConnections } from "./redis";

export function createRedisXmppRelay(deps: {
  redis: RedisConnections;
  instanceId: string;
  logger: Pick<Logger, "warn">;
  /** A notification another instance relayed, for the sessions here. */
  deliver: (call: XmppRelayCall) => void;
}): XmppRelay {
  const { redis, instanceId, logger } = deps;
  const { command, subscriber, prefix } = redis;
  const everyone = `${prefix}xmpp`;
  const accountChannels = `${prefix}xmpp:`;
  const accountChannel = (userId: string) => `${accountChannels}${userId}`;
  const warn = (what: string) => (error: unknown) => logger.warn({ err: error instanceof Error ? error.message : error }, what);

  void subscriber.subscribe(everyone).catch(warn("xmpp relay subscription failed"));
  subscriber.on("message", (channel: string, raw: string) => {
    if (channel !== everyone && !channel.startsWith(accountChannels)) return;
    try {
      const { from, call } = JSON.parse(raw) as { from: string; call: XmppRelayCall };
      if (from !== instanceId) deps.deliver(call);
    } catch (error) {
      warn("bad xmpp relay message")(error);
    }
  });

  return {
    send(call) {
      const userId = relayAccountOf(call);
      const channel = userId === null ? everyone : accountChannel(userId);
      void command.publish(channel, JSON.stringify({ from: instanceId, call })).catch(warn("xmpp relay failed"));
    },
    async follow(userId) {
      // Redis answers a connection's commands in order: once this is answered, the channel is live.
      await subscriber.subscribe(accountChannel(userId));
    },
    unfollow(userId) {
      void subscriber.unsubscribe(accountChannel(userId)).catch(warn("xmpp relay unsubscribe failed"));
    },
  };
}
