// The services' notifications to XMPP sessions, beside socket.io's (lib/realtime/notifier.ts):
// the same calls reach the account's bound XMPP resources on this instance. Each session turns
// them into stanzas itself (session-events.ts). In a cluster, the notifications socket.io sends
// across instances are relayed to the instances with sessions of the account too (through
// lib/cluster/xmpp-relay.ts). Notifications that have no XMPP form yet (watcher information,
// reactions…) are not listed here and reach sockets only.
// Group conversations reach sessions as XEP-0045 rooms (muc-rooms.ts).
import type { SessionEndReason } from "@/lib/accounts/notifier";
import type { BuddyListSnapshot } from "@/lib/protocol/buddy-list";
import type { XmppRelayCall } from "@/lib/protocol/events";
import type { MessageStatusUpdate, ReceivedMessage, TypingNotice } from "@/lib/protocol/im";
import type { PrivacySettings } from "@/lib/protocol/privacy";
import type { PresenceView } from "@/lib/protocol/presence";
import type { GroupReceived, GroupSummary, GroupTypingNotice } from "@/lib/protocol/groups";

/** What a bound XMPP session is told. */
export interface XmppSessionSink {
  /** This connection's id: a send from it is not echoed back to it. */
  readonly connectionId: string;
  readonly userId: string;
  readonly sessionId: string;
  presenceChanged(view: PresenceView): void;
  buddyListChanged(snapshot: BuddyListSnapshot): void;
  messageReceived(received: ReceivedMessage): void;
  typing(notice: TypingNotice): void;
  /** The peer's device got, or the peer read, the account's messages (receipts, chat markers). */
  messageStatus(update: MessageStatusUpdate): void;
  /** The account's access rules changed (its blocklist may have). */
  privacyChanged(settings: PrivacySettings): void;
  end(reason: SessionEndReason): void;
  /** A message or system line of a group the account is in (its own from elsewhere too). */
  groupReceived(received: GroupReceived): void;
  /** A group of the account's changed (members, name, the account's own place in it). */
  groupChanged(summary: GroupSummary): void;
  /** A group left the account's list. */
  groupRemoved(groupId: string): void;
  /** A member of one of the account's groups is typing (or stopped). */
  groupTyping(notice: GroupTypingNotice): void;
}

/** How notifications reach XMPP sessions on the other instances of a cluster (lib/cluster/xmpp-relay.ts). */
export interface XmppRelay {
  /** To the instances with a session of the account it is for, or to all (relayAccountOf). */
  send(call: XmppRelayCall): void;
  /** From when this resolves, what is relayed for this account reaches this instance. */
  follow(userId: string): Promise<void>;
  unfollow(userId: string): void;
}

/** The one account a relayed notification is for, or null when it may concern sessions of many. */
export function relayAccountOf(call: XmppRelayCall): string | null {
  switch (call.kind) {
    case "messageReceived":
    case "typing":
    case "messageStatus":
    case "privacyChanged":
    case "groupChanged":
    case "groupRemoved":
    case "groupTyping":
      return call.userId;
    case "groupReceived":
      return call.userIds.length === 1 ? call.userIds[0]! : null;
    case "sessionsEnded":
    case "accountsSuspended":
      return null;
  }
}

export function createXmppNotifier() {
  const byUser = new Map<string, Set<XmppSessionSink>>();
  const sessionsOf = (userId: string) => byUser.get(userId) ?? new Set<XmppSessionSink>();
  const each = (userId: string, action: (session: XmppSessionSink) => void) => {
    for (const session of sessionsOf(userId)) action(session);
  };
  /**
   * Sends in progress from this instance's XMPP sessions that asked for no carbons, by client id:
   * the send's own notification (synchronous, before its first await returns) is marked so.
   */
  const privateSends = new Set<string>();
  /** In a cluster, how a notification reaches the other instances' sessions (null: one instance). */
  let relay: XmppRelay | null = null;
  /** Accounts with a session here, and when the relays for each reach this instance. */
  const following = new Map<string, Promise<void>>();

  /** A notification for the sessions on this instance. */
  function deliver(call: XmppRelayCall) {
    switch (call.kind) {
      case "messageReceived":
        // The account's own message reaches its XMPP resources only as a carbon, and it asked for none.
        if (call.noCarbons) return;
        return each(call.userId, (session) => {
          if (session.connectionId !== call.exceptConnection) session.messageReceived(call.received);
        });
      case "typing":
        return each(call.userId, (session) => session.typing(call.notice));
      case "messageStatus":
        return each(call.userId, (session) => session.messageStatus(call.update));
      case "privacyChanged":
        return each(call.userId, (session) => session.privacyChanged(call.settings));
      case "sessionsEnded": {
        const ended = new Set(call.sessionIds);
        for (const sessions of byUser.values()) for (const session of sessions) if (ended.has(session.sessionId)) session.end(call.reason);
        return;
      }
      case "accountsSuspended":
        for (const userId of call.userIds) each(userId, (session) => session.end("revoked"));
        return;
      case "groupReceived":
        for (const userId of call.userIds) {
          each(userId, (session) => {
            if (session.connectionId !== call.exceptConnection) session.groupReceived(call.received);
          });
        }
        return;
      case "groupChanged":
        return each(call.userId, (session) => session.groupChanged(call.summary));
      case "groupRemoved":
        return each(call.userId, (session) => session.groupRemoved(call.groupId));
      case "groupTyping":
        return each(call.userId, (session) => session.groupTyping(call.notice));
    }
  }

  /**
   * Here and, in a cluster, on the other instances: socket.io rooms span instances for these
   * notifications (lib/realtime/notifier.ts), so XMPP sessions must too.
   */
  function everywhere(call: XmppRelayCall) {
    deliver(call);
    relay?.send(call);
  }

  return {
    /** A bound session; once this resolves, what other instances relay for its account reaches it. */
    async add(session: XmppSessionSink): Promise<void> {
      const sessions = byUser.get(session.userId);
      if (sessions) sessions.add(session);
      else {
        byUser.set(session.userId, new Set([session]));
        following.set(session.userId, relay?.follow(session.userId) ?? Promise.resolve());
      }
      // A second session waits for the first one's subscription too.
      await following.get(session.userId);
    },
    remove(session: XmppSessionSink) {
      const sessions = byUser.get(session.userId);
      sessions?.delete(session);
      if (sessions?.size !== 0) return;
      byUser.delete(session.userId);
      following.delete(session.userId);
      relay?.unfollow(session.userId);
    },
    /** Bound sessions on this instance (metrics, shutdown). */
    all(): XmppSessionSink[] {
      return [...byUser.values()].flatMap((sessions) => [...sessions]);
    },

    /** In a cluster: notifications that span instances are also sent this way to the others. */
    relayThrough(through: XmppRelay) {
      relay = through;
    },
    /** A notification another instance relayed, for the sessions here. */
    relayed: deliver,

    // Presence and buddy lists are local, as for sockets: every instance tells its own watchers.
    presenceChanged(watcherIds: readonly string[], view: PresenceView) {
      for (const watcherId of watcherIds) each(watcherId, (session) => session.presenceChanged(view));
    },
    buddyListChanged(userId: string, snapshot: BuddyListSnapshot) {
      each(userId, (session) => session.buddyListChanged(snapshot));
    },
    connectedHere(userId: string) {
      return sessionsOf(userId).size > 0;
    },
    messageReceived(userId: string, received: ReceivedMessage, exceptConnection?: string) {
      const { direction, clientId } = received.message;
      const noCarbons = direction === "outgoing" && clientId !== null && privateSends.has(clientId);
      everywhere({ kind: "messageReceived", userId, received, exceptConnection, ...(noCarbons ? { noCarbons: true as const } : {}) });
    },
    /** Runs a send whose message the account's other XMPP resources get no carbon of (XEP-0280 §7). */
    async withoutCarbons<T>(clientId: string, send: () => Promise<T>): Promise<T> {
      privateSends.add(clientId);
      try {
        return await send();
      } finally {
        privateSends.delete(clientId);
      }
    },
    typing(userId: string, notice: TypingNotice) {
      everywhere({ kind: "typing", userId, notice });
    },
    messageStatus(userId: string, update: MessageStatusUpdate) {
      everywhere({ kind: "messageStatus", userId, update });
    },
    privacyChanged(userId: string, settings: PrivacySettings) {
      everywhere({ kind: "privacyChanged", userId, settings });
    },
    sessionsEnded(sessionIds: readonly string[], reason: SessionEndReason) {
      if (sessionIds.length > 0) everywhere({ kind: "sessionsEnded", sessionIds: [...sessionIds], reason });
    },
    accountsSuspended(userIds: readonly string[]) {
      if (userIds.length > 0) everywhere({ kind: "accountsSuspended", userIds: [...userIds] });
    },
    groupReceived(userIds: readonly string[], received: GroupReceived, exceptConnection?: string) {
      if (userIds.length > 0) everywhere({ kind: "groupReceived", userIds: [...userIds], received, exceptConnection });
    },
    groupChanged(userId: string, summary: GroupSummary) {
      everywhere({ kind: "groupChanged", userId, summary });
    },
    groupRemoved(userId: string, groupId: string) {
      everywhere({ kind: "groupRemoved", userId, groupId });
    },
    groupTyping(userId: string, notice: GroupTypingNotice) {
      everywhere({ kind: "groupTyping", userId, notice });
    },
  };
}
export type XmppNotifier = ReturnType<typeof createXmppNotifier>;

type Fanned =
  | "presenceChanged"
  | "buddyListChanged"
  | "messageReceived"
  | "typing"
  | "messageStatus"
  | "privacyChanged"
  | "sessionsEnded"
  | "accountsSuspended"
  | "groupReceived"
  | "groupChanged"
  | "groupRemoved"
  | "groupTyping";
const FANNED: Fanned[] = [
  "presenceChanged",
  "buddyListChanged",
  "messageReceived",
  "typing",
  "messageStatus",
  "privacyChanged",
  "sessionsEnded",
  "accountsSuspended",
  "groupReceived",
  "groupChanged",
  "groupRemoved",
  "groupTyping",
];

/**
 * The socket notifier with XMPP sessions beside it: the calls both know go to both, and an
 * account counts as connected here if either has it.
 */
export function withXmppSessions<T extends Pick<XmppNotifier, Fanned | "connectedHere">>(socket: T, xmpp: XmppNotifier): T {
  const composed = { ...socket };
  for (const name of FANNED) {
    const both = (...args: unknown[]) => {
      (socket[name] as (...args: unknown[]) => void)(...args);
      (xmpp[name] as (...args: unknown[]) => void)(...args);
    };
    (composed as Record<string, unknown>)[name] = both;
  }
  composed.connectedHere = (userId: string) => socket.connectedHere(userId) || xmpp.connectedHere(userId);
  return composed;
}
