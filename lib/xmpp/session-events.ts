// A bound XMPP session: what it remembers (the roster it was sent, whether it sent initial
// presence) and how each service notification becomes stanzas for it. Roster pushes come from
// comparing buddy-list snapshots; presence from the views the services already shaped for
// this watcher; messages from the inbox.
import { randomUUID } from "node:crypto";
import type { Element } from "@xmpp/xml";
import type { SessionEndReason } from "@/lib/accounts/notifier";
import type { XmppUser } from "@/lib/accounts/xmpp-credentials";
import type { InstantMessage, ReceivedMessage, TypingNotice } from "@/lib/protocol/im";
import type { BuddyListSnapshot } from "@/lib/protocol/buddy-list";
import type { PresenceView } from "@/lib/protocol/presence";
import type { AppServices } from "@/lib/services";
import xml from "@xmpp/xml";
import type { XmppSessionSink } from "./notifier";
import { chatMessage, chatState, contactJid, presenceStanza, removedRosterItem, rosterItemElement, rosterPush, subscriptionRequest } from "./outbound";
import { blocklistPushes } from "./blocking";
import { sentCarbon } from "./forwarded";
import { type ClientIds, createClientIds, deliveryReceipt, displayedMarker } from "./markers";
import { createCursorProgress } from "./cursor-progress";
import { presenceOfView } from "./presence-map";
import { createMucRooms, type MucRooms } from "./muc-rooms";
import { blockedUsernames } from "@/lib/protocol/privacy";
import { newRequests, renamedItem, rosterChanges, rosterFingerprint, rosterFingerprints, rosterItems } from "./roster";

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
  /**
   * Reads the buddy list for a roster get. Initial presence usually follows at once: the read is
   * kept for it while nothing changes the list, so a sign-in reads it once.
   */
  readBuddyList(): Promise<BuddyListSnapshot>;
  /** Called at initial presence: contacts' presence, waiting requests, waiting messages. */
  becameAvailable(): Promise<void>;
  /** Carbons (XEP-0280) are on: messages the account sends elsewhere are copied here. */
  carbons: boolean;
  /** The blocklist as this session was last sent it (after a blocklist get; XEP-0191 pushes follow). */
  blocklist: Set<string> | null;
  /** The ids this client gave the messages it sent, for receipts and markers. */
  clientIds: ClientIds;
  /** The session ended: the resource's cursor moves past what the client had, for its next sign-in. */
  closed(): Promise<void>;
  /** Who asks to watch this account, as of the latest snapshot this session knows (null: none yet). */
  requests: string[] | null;
  /** The group conversations' rooms (XEP-0045) this session joined. */
  rooms: MucRooms;
};

/** How far back a read mark is looked for the newest message of ours it covers. */
const READ_LOOKBACK = 50;

export function createSessionEvents(deps: {
  services: AppServices;
  user: XmppUser;
  jid: string;
  /** Whose inbox cursor this session moves: the resource the app asked for. */
  cursorKey: string;
  domain: string;
  connectionId: string;
  /** `onDelivered`: the client has the stanza (at once, or on its ack under stream management). */
  send: (stanza: Element, onDelivered?: () => void) => void;
  end: (reason: SessionEndReason) => void;
}): SessionEvents {
  const { services, user, jid, domain, send } = deps;
  /** Messages the client has, confirmed in one call per turn (one ack covers many). */
  let delivered: string[] = [];
  const progress = createCursorProgress();

  /** The version of the view each watched contact was last sent as (versions are per watcher). */
  const sentVersions = new Map<string, number>();
  /** Before initial presence: the roster get's read of the buddy list, while no change has made it stale. */
  let kept: BuddyListSnapshot | null = null;
  /** Buddy-list changes told to this session: a read that saw one arrive meanwhile is not kept. */
  let listChanges = 0;
  /** Before initial presence: the newest view of each contact told since, to send with the kept read. */
  let earlyViews: Map<string, PresenceView> | null = new Map();
  /** While the waiting messages are read at initial presence: the ones sent live meanwhile. */
  let liveDuringCatchUp: Set<string> | null = null;

  function sendPresence(view: PresenceView) {
    if (view.username === user.username) return;
    sentVersions.set(view.username, view.version);
    send(presenceStanza(contactJid(view.username, domain), jid, presenceOfView(view)));
  }

  /** A view from a snapshot: sent unless this view, or a newer one, already went out. */
  function sendSnapshotPresence(view: PresenceView) {
    if ((sentVersions.get(view.username) ?? -1) < view.version) sendPresence(view);
  }

  function sendMessage(message: InstantMessage, delayed: boolean) {
    send(chatMessage(message, jid, domain, { delayed }), () => {
      if (delivered.length === 0) queueMicrotask(confirm);
      delivered.push(message.id);
      progress.had(message.seq);
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
    carbons: false,
    blocklist: null,
    clientIds: createClientIds(),
    requests: null,
    rooms: createMucRooms({
      username: user.username,
      jid,
      domain,
      send,
      delivered: (groupId, upToSeq) => void services.groupMessaging.markDelivered(user, { groupId, upToSeq }).catch(() => {}),
    }),

    async readBuddyList() {
      const changesBefore = listChanges;
      const snapshot = await services.subscriptions.snapshot(user.id);
      if (!events.available && listChanges === changesBefore) kept = snapshot;
      return snapshot;
    },

    async becameAvailable() {
      if (events.available) return;
      events.available = true;
      // Groups new to the account from here on come with an invitation (XEP-0249): read beside the rest.
      const groupsRead = services.groups.memberships(user).catch(() => []);
      // From here on views are sent as they come. Those told before are newer than the kept read's
      // where their version says so; a fresh read has them all.
      const early = kept ? earlyViews! : new Map<string, PresenceView>();
      earlyViews = null;
      const snapshot = kept ?? (await services.subscriptions.snapshot(user.id));
      kept = null;
      events.rooms.knowGroups(await groupsRead);
      events.buddyListChanged(snapshot);
      for (const contact of snapshot.contacts) {
        const told = early.get(contact.username);
        sendSnapshotPresence(told && told.version > contact.presence.version ? told : contact.presence);
      }
      for (const request of snapshot.incoming) send(subscriptionRequest(request, jid, domain));
      const sentLive = (liveDuringCatchUp = new Set());
      const caughtUp = await services.xmppDelivery.catchUp(user, deps.cursorKey, OFFLINE_MAX);
      liveDuringCatchUp = null;
      // The account's own messages from elsewhere are in the archive (MAM), not re-sent; a message
      // that came live while the catch-up was read may be in it too, and went out once already.
      const incoming = caughtUp.messages.filter((message) => message.direction === "incoming" && !sentLive.has(message.id));
      progress.catchingUp(incoming.map((message) => message.seq), caughtUp.cursor);
      for (const message of incoming) sendMessage(message, true);
    },

    presenceChanged(view) {
      if (earlyViews) {
        const told = earlyViews.get(view.username);
        if (!told || told.version < view.version) earlyViews.set(view.username, view);
      }
      // A new display name renames the roster item, as the web buddy list shows it at once.
      const renamed = events.roster && renamedItem(view.username, events.roster.get(view.username), view.displayName);
      if (renamed) {
        events.roster!.set(view.username, rosterFingerprint(renamed));
        send(rosterPush(jid, randomUUID(), [rosterItemElement(renamed, domain)]));
      }
      if (events.available) sendPresence(view);
    },

    buddyListChanged(snapshot) {
      listChanges++;
      kept = null;
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
        for (const request of newRequests(before, snapshot)) send(subscriptionRequest(request, jid, domain));
        // A subscription that became active brings the contact's presence (RFC 6121 §3.1.5): the
        // fan-out tells only watchers whose view changed, and a view already rendered for my buddy
        // list has not. Contacts watched before were sent this version or a newer one already.
        for (const contact of snapshot.contacts) if (contact.subscription === "active") sendSnapshotPresence(contact.presence);
      }
      // A contact no longer watched starts again from its first view if watched anew.
      const watched = new Set(snapshot.contacts.filter((contact) => contact.subscription === "active").map((contact) => contact.username));
      for (const username of sentVersions.keys()) if (!watched.has(username)) sentVersions.delete(username);
    },

    messageReceived({ message }) {
      if (!events.available) return;
      // Sent from another tab or resource (this connection's own sends are not echoed).
      if (message.direction === "outgoing") {
        if (events.carbons) send(sentCarbon(message, jid, user.username, domain));
        return;
      }
      liveDuringCatchUp?.add(message.id);
      sendMessage(message, false);
    },

    messageStatus(update) {
      if (!events.available) return;
      const from = contactJid(update.peer, domain);
      if (update.status === "delivered") {
        for (const id of update.ids) send(deliveryReceipt(from, jid, events.clientIds.of(id)));
        return;
      }
      // A marker names one message and means every one before it: the newest of ours it covers.
      void services.inbox
        .history(user, { peer: update.peer, beforeSeq: update.upToSeq + 1, limit: READ_LOOKBACK })
        .then(({ messages }) => {
          const newest = messages.find((message) => message.direction === "outgoing");
          if (newest) send(displayedMarker(from, jid, events.clientIds.of(newest.id)));
        })
        .catch(() => {});
    },

    privacyChanged(settings) {
      if (!events.blocklist) return;
      const next = new Set(blockedUsernames(settings));
      const pushes = blocklistPushes(events.blocklist, next, domain);
      events.blocklist = next;
      for (const push of pushes) send(xml("iq", { type: "set", id: randomUUID(), to: jid }, push));
    },

    typing(notice: TypingNotice) {
      if (events.available) send(chatState(contactJid(notice.from, domain), jid, notice.typing));
    },

    // A room joined before initial presence is a room joined: its traffic flows (invitations wait for it).
    groupReceived(received) {
      events.rooms.received(received);
    },

    groupChanged(summary) {
      events.rooms.changed(summary);
    },

    groupRemoved(groupId) {
      events.rooms.removedFromList(groupId);
    },

    groupTyping(notice) {
      events.rooms.typing(notice);
    },

    end: deps.end,

    async closed() {
      const cursor = progress.cursor();
      if (cursor !== null) await services.xmppDelivery.sent(user, deps.cursorKey, cursor);
    },
  };
  return events;
}

export type { ReceivedMessage };
