// A bound XMPP session: what it remembers (the roster it was sent, whether it sent initial
// presence) and how each service notification becomes stanzas for it. Roster pushes come from
// comparing buddy-list snapshots; presence from the views the services already shaped for
// this watcher; messages from the inbox.
import { randomUUID } from "node:crypto";
import type { Element } from "@xmpp/xml";
import type { SessionEndReason } from "@/lib/accounts/notifier";
import type { XmppUser } from "@/lib/accounts/xmpp-credentials";
import type { InstantMessage, ReceivedMessage, TypingNotice } from "@/lib/protocol/im";
import type { PresenceView } from "@/lib/protocol/presence";
import type { AppServices } from "@/lib/services";
import xml from "@xmpp/xml";
import { bareJid } from "./jid";
import type { XmppSessionSink } from "./notifier";
import { chatMessage, chatState, contactJid, presenceStanza, removedRosterItem, rosterItemElement, rosterPush } from "./outbound";
import { presenceOfView } from "./presence-map";
import { newRequests, rosterChanges, rosterFingerprints, rosterItems } from "./roster";

/** Most waiting messages sent at sign-in; the rest stay in the inbox's history. */
const OFFLINE_MAX = 500;

export type SessionEvents = XmppSessionSink & {
  readonly user: XmppUser;
  /** The bound full JID. */
  readonly jid: string;
  readonly domain: string;
  send(stanza: Element): void;
  /** The roster as this session was last sent it (after a roster get), as fingerprints. */
  roster: Map<string, string> | null;
  /** Initial presence was sent: presence, requests and messages flow now. */
  available: boolean;
  /** Called at initial presence: contacts' presence, waiting requests, waiting messages. */
  becameAvailable(): Promise<void>;
  /** Who asks to watch this account, as of the latest snapshot this session knows (null: none yet). */
  requests: string[] | null;
};

export function createSessionEvents(deps: {
  services: AppServices;
  user: XmppUser;
  jid: string;
  domain: string;
  connectionId: string;
  /** `onDelivered`: the client has the stanza (at once, or on its ack under stream management). */
  send: (stanza: Element, onDelivered?: () => void) => void;
  end: (reason: SessionEndReason) => void;
}): SessionEvents {
  const { services, user, jid, domain, send } = deps;
  /** Messages the client has, confirmed in one call per turn (one ack covers many). */
  let delivered: string[] = [];

  function sendPresence(view: PresenceView) {
    if (view.username === user.username) return;
    send(presenceStanza(contactJid(view.username, domain), jid, presenceOfView(view)));
  }

  function sendMessage(message: InstantMessage, delayed: boolean) {
    send(chatMessage(message, jid, domain, { delayed }), () => {
      if (delivered.length === 0) queueMicrotask(confirm);
      delivered.push(message.id);
    });
  }

  function confirm() {
    const ids = delivered;
    delivered = [];
    if (ids.length > 0) void services.messaging.confirmDelivery(user, ids).catch(() => {});
  }

  const events: SessionEvents = {
    connectionId: deps.connectionId,
    userId: user.id,
    sessionId: user.sessionId,
    user,
    jid,
    domain,
    send,
    roster: null,
    available: false,
    requests: null,

    async becameAvailable() {
      if (events.available) return;
      events.available = true;
      const snapshot = await services.subscriptions.snapshot(user.id);
      events.buddyListChanged(snapshot);
      for (const contact of snapshot.contacts) sendPresence(contact.presence);
      for (const request of snapshot.incoming) send(xml("presence", { type: "subscribe", from: bareJid(request.username, domain), to: jid }));
      const waiting = await services.inbox.undelivered(user, OFFLINE_MAX);
      for (const message of waiting) sendMessage(message, true);
    },

    presenceChanged(view) {
      if (events.available) sendPresence(view);
    },

    buddyListChanged(snapshot) {
      const before = events.requests;
      events.requests = snapshot.incoming.map((request) => request.username);
      if (events.roster) {
        const next = rosterItems(snapshot);
        const { set, removed } = rosterChanges(events.roster, next);
        events.roster = rosterFingerprints(next);
        for (const item of set) send(rosterPush(jid, randomUUID(), [rosterItemElement(item, domain)]));
        for (const username of removed) send(rosterPush(jid, randomUUID(), [removedRosterItem(username, domain)]));
      }
      if (events.available && before) {
        for (const username of newRequests(before, snapshot)) send(xml("presence", { type: "subscribe", from: bareJid(username, domain), to: jid }));
      }
    },

    messageReceived({ message }) {
      // Messages this account sent from elsewhere would need carbons (XEP-0280): not yet.
      if (message.direction !== "incoming" || !events.available) return;
      sendMessage(message, false);
    },

    typing(notice: TypingNotice) {
      if (events.available) send(chatState(contactJid(notice.from, domain), jid, notice.typing));
    },

    end: deps.end,
  };
  return events;
}

export type { ReceivedMessage };
