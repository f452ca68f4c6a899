// A bound XMPP session: what it remembers (the roster it was sent, whether it sent initial
// presence) and how each service notification becomes stanzas for it. Roster pushes come from
// comparing buddy-list snapshots; presence from the views the services already shaped for
// this watcher; messages from the inbox.
import { randomUUID } from "node:crypto";
import type { Element } from "@xmpp/xml";
import type { SessionEndReason } from "@/lib/accounts/notifier";
import type { XmppUser } from "@/lib/accounts/xmpp-credentials";
import type { BuddyListSnapshot } from "@/lib/protocol/buddy-list";
import type { InstantMessage, ReceivedMessage, TypingNotice } from "@/lib/protocol/im";
import type { PresenceView } from "@/lib/protocol/presence";
import type { AppServices } from "@/lib/services";
import xml from "@xmpp/xml";
import { bareJid } from "./jid";
import type { XmppSessionSink } from "./notifier";
import { chatMessage, chatState, contactJid, presenceStanza, removedRosterItem, rosterItemElement, rosterPush } from "./outbound";
import { presenceOfView } from "./presence-map";
import { newRequests, type RosterItem, rosterChanges, rosterItems } from "./roster";

/** Most waiting messages sent at sign-in; the rest stay in the inbox's history. */
const OFFLINE_MAX = 500;

export type SessionEvents = XmppSessionSink & {
  readonly user: XmppUser;
  /** The bound full JID. */
  readonly jid: string;
  readonly domain: string;
  send(stanza: Element): void;
  /** The roster as this session was last sent it (after a roster get). */
  roster: Map<string, RosterItem> | null;
  /** Initial presence was sent: presence, requests and messages flow now. */
  available: boolean;
  /** Called at initial presence: contacts' presence, waiting requests, waiting messages. */
  becameAvailable(): Promise<void>;
  /** The latest snapshot this session knows. */
  snapshot: BuddyListSnapshot | null;
  /** The connection ended: what was sent live is remembered for the next sign-in. */
  closed(): Promise<void>;
};

export function createSessionEvents(deps: {
  services: AppServices;
  user: XmppUser;
  jid: string;
  /** Whose inbox cursor this session moves: the resource the app asked for. */
  cursorKey: string;
  domain: string;
  connectionId: string;
  send: (stanza: Element) => void;
  end: (reason: SessionEndReason) => void;
}): SessionEvents {
  const { services, user, jid, domain, send } = deps;
  /** The newest message sent live: the resource's cursor moves there when the session ends. */
  let sentSeq = 0;

  function sendPresence(view: PresenceView) {
    if (view.username === user.username) return;
    send(presenceStanza(contactJid(view.username, domain), jid, presenceOfView(view)));
  }

  function sendMessage(message: InstantMessage, delayed: boolean) {
    send(chatMessage(message, jid, domain, { delayed }));
  }

  async function confirm(ids: string[]) {
    if (ids.length > 0) await services.messaging.confirmDelivery(user, ids);
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
    snapshot: null,

    async becameAvailable() {
      if (events.available) return;
      events.available = true;
      const snapshot = await services.subscriptions.snapshot(user.id);
      events.buddyListChanged(snapshot);
      for (const contact of snapshot.contacts) sendPresence(contact.presence);
      for (const request of snapshot.incoming) send(xml("presence", { type: "subscribe", from: bareJid(request.username, domain), to: jid }));
      const waiting = await services.xmppDelivery.signedIn(user, deps.cursorKey, OFFLINE_MAX);
      const incoming = waiting.filter((message) => message.direction === "incoming");
      for (const message of incoming) sendMessage(message, true);
      await confirm(incoming.map((message) => message.id));
    },

    presenceChanged(view) {
      if (events.available) sendPresence(view);
    },

    buddyListChanged(snapshot) {
      const before = events.snapshot;
      events.snapshot = snapshot;
      if (events.roster) {
        const next = rosterItems(snapshot);
        const { set, removed } = rosterChanges(events.roster, next);
        events.roster = next;
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
      sentSeq = Math.max(sentSeq, message.seq);
      sendMessage(message, false);
      void confirm([message.id]).catch(() => {});
    },

    typing(notice: TypingNotice) {
      if (events.available) send(chatState(contactJid(notice.from, domain), jid, notice.typing));
    },

    end: deps.end,

    async closed() {
      if (sentSeq > 0) await services.xmppDelivery.sent(user, deps.cursorKey, sentSeq);
    },
  };
  return events;
}

export type { ReceivedMessage };
