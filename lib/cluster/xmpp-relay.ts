// Notifications for XMPP sessions across the instances of a cluster: one channel per account,
// subscribed by the instances where it has a session, and one for what may concern sessions of
// many accounts. XMPP sessions are no sockets, so socket.io's rooms cannot carry them.
import type { Logger } from "@/lib/log";
import type { XmppRelayCall } from "@/lib/protocol/events";
import { relayAccountOf, type XmppRelay } from "@/lib/xmpp/notifier";
import { createChannels } from "./channels";
import type { RedisConnections } from "./redis";

export function createRedisXmppRelay(deps: {
  redis: RedisConnections;
  instanceId: string;
  logger: Pick<Logger, "warn">;
  /** A notification another instance relayed, for the sessions here. */
  deliver: (call: XmppRelayCall) => void;
}): XmppRelay {
  const channels = createChannels<XmppRelayCall>({ ...deps, names: { everyone: "xmpp", perId: "xmpp:" } });
  return {
    send: (call) => channels.publish(relayAccountOf(call), call),
    follow: (userId) => channels.follow([userId]),
    unfollow: (userId) => channels.unfollow([userId]),
  };
}
