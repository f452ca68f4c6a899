// The services' notifications to XMPP sessions, beside socket.io's (lib/realtime/notifier.ts):
// the same calls reach the account's bound XMPP resources on this instance. Each session turns
// them into stanzas itself (session-events.ts). Notifications that have no XMPP form yet (watcher
// information, groups, reactions…) are not listed here and reach sockets only.
import type { SessionEndReason } from "@/lib/accounts/notifier";
import type { BuddyListSnapshot } from "@/lib/protocol/buddy-list";
import type { MessageStatusUpdate, ReceivedMessage, TypingNotice } from "@/lib/protocol/im";
import type { PrivacySettings } from "@/lib/protocol/privacy";
import type { PresenceView } from "@/lib/protocol/presence";

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
}

export function createXmppNotifier() {
  const byUser = new Map<string, Set<XmppSessionSink>>();
  const sessionsOf = (userId: string) => byUser.get(userId) ?? new Set<XmppSessionSink>();
  const each = (userId: string, action: (session: XmppSessionSink) => void) => {
    for (const session of sessionsOf(userId)) action(session);
  };

  return {
    add(session: XmppSessionSink) {
      if (!byUser.has(session.userId)) byUser.set(session.userId, new Set());
      byUser.get(session.userId)!.add(session);
    },
    remove(session: XmppSessionSink) {
      const sessions = byUser.get(session.userId);
      sessions?.delete(session);
      if (sessions?.size === 0) byUser.delete(session.userId);
    },
    /** Bound sessions on this instance (metrics, shutdown). */
    all(): XmppSessionSink[] {
      return [...byUser.values()].flatMap((sessions) => [...sessions]);
    },

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
      each(userId, (session) => {
        if (session.connectionId !== exceptConnection) session.messageReceived(received);
      });
    },
    typing(userId: string, notice: TypingNotice) {
      each(userId, (session) => session.typing(notice));
    },
    messageStatus(userId: string, update: MessageStatusUpdate) {
      each(userId, (session) => session.messageStatus(update));
    },
    privacyChanged(userId: string, settings: PrivacySettings) {
      each(userId, (session) => session.privacyChanged(settings));
    },
    sessionsEnded(sessionIds: readonly string[], reason: SessionEndReason) {
      const ended = new Set(sessionIds);
      for (const session of this.all()) if (ended.has(session.sessionId)) session.end(reason);
    },
    accountsSuspended(userIds: readonly string[]) {
      for (const userId of userIds) each(userId, (session) => session.end("revoked"));
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
  | "accountsSuspended";
const FANNED: Fanned[] = [
  "presenceChanged",
  "buddyListChanged",
  "messageReceived",
  "typing",
  "messageStatus",
  "privacyChanged",
  "sessionsEnded",
  "accountsSuspended",
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
