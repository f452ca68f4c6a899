// A bound XMPP session, which can outlive its connection: with stream management (XEP-0198)
// and resumption on, a dropped connection leaves the session waiting, as a closed tab's device
// tuple waits, for the grace period (PRESENCE_GRACE_MS). Meanwhile what it is told is held, and
// a client that resumes in time gets what it had not acknowledged, in order; one that does not
// is sent its unacknowledged chat messages again at its next sign-in (its resource's cursor
// moves only past what it acknowledged). While the client says it is inactive (XEP-0352,
// client-state.ts) presence is held before any of this: held is not sent, so not counted (h)
// until it is written, and a session that ends inactive drops it.
import xml, { type Element } from "@xmpp/xml";
import type { SessionEndReason } from "@/lib/accounts/notifier";
import type { XmppUser } from "@/lib/accounts/xmpp-credentials";
import type { Logger } from "@/lib/log";
import type { AppServices } from "@/lib/services";
import { createClientState } from "./client-state";
import { createSessionEvents, type SessionEvents } from "./session-events";
import { createStreamManagement, SM_NS, type StreamManagement } from "./stream-management";

/** The connection a session speaks through at the moment. */
export type Attachment = {
  write(stanza: Element): void;
  /** The session ended (signed out, revoked): the stream ends with this reason. */
  end(reason: SessionEndReason): void;
};

export type LiveSession = {
  readonly events: SessionEvents;
  readonly deviceId: string;
  readonly resource: string;
  readonly sm: StreamManagement | null;
  /** Set when resumption was enabled: the id a client resumes with. */
  readonly resumeId: string | null;
  enableStreamManagement(resumeId: string | null): StreamManagement;
  /** The client's state (XEP-0352): inactive holds what can wait; active lets it out at once. */
  clientState(active: boolean): void;
  /** The stream resumed (after the replay): active again (XEP-0352 §5.2), what was held goes out. */
  resumed(): void;
  attach(attachment: Attachment): void;
  /** The connection dropped: hold what comes until resumption or the end. */
  detach(): void;
  /** The session is over: no more notifications, its device tuple closes after the grace period. */
  finish(): void;
};

export function createLiveSession(deps: {
  services: AppServices;
  user: XmppUser;
  jid: string;
  resource: string;
  /** Whose inbox cursor the session moves (session-events.ts). */
  cursorKey: string;
  deviceId: string;
  domain: string;
  connectionId: string;
  logger: Pick<Logger, "warn">;
}): LiveSession {
  const { services, user } = deps;
  let attachment: Attachment | null = null;
  let sm: StreamManagement | null = null;
  let resumeId: string | null = null;
  let finished = false;
  let deviceOpen = true;
  let ackRequested = false;

  /**
   * Asks the client for an ack (XEP-0198 §4), once per turn however many stanzas went out:
   * clients answer <r/> but seldom ack unasked, and a message waits for the ack to be delivered.
   */
  function requestAck() {
    if (ackRequested) return;
    ackRequested = true;
    queueMicrotask(() => {
      ackRequested = false;
      attachment?.write(xml("r", { xmlns: SM_NS }));
    });
  }

  const csi = createClientState();

  function transmit(stanza: Element, onDelivered?: () => void) {
    if (sm) sm.sent(stanza, onDelivered);
    attachment?.write(stanza);
    // Without stream management, written is as delivered as XMPP can tell.
    if (!sm) onDelivered?.();
    else if (onDelivered && attachment) requestAck();
  }

  const events = createSessionEvents({
    services,
    user,
    jid: deps.jid,
    cursorKey: deps.cursorKey,
    domain: deps.domain,
    connectionId: deps.connectionId,
    send(stanza, onDelivered) {
      // Only chat messages wait for delivery, and those are never held or dropped.
      for (const out of csi.offer(stanza)) transmit(out, out === stanza ? onDelivered : undefined);
    },
    end(reason) {
      if (attachment) attachment.end(reason);
      else live.finish();
    },
  });

  const live: LiveSession = {
    events,
    deviceId: deps.deviceId,
    resource: deps.resource,
    get sm() {
      return sm;
    },
    get resumeId() {
      return resumeId;
    },
    enableStreamManagement(id) {
      sm = createStreamManagement();
      resumeId = id;
      return sm;
    },
    clientState(active) {
      if (!active) return csi.inactive();
      // One pass of the event loop: the connection writes it all at once.
      for (const stanza of csi.activate()) transmit(stanza);
    },
    resumed() {
      for (const stanza of csi.reset()) transmit(stanza);
    },
    attach(next) {
      attachment = next;
      // Resumed with stanzas the client had not acknowledged: they are re-sent, then acked.
      if (sm && sm.unacked().length > 0) requestAck();
      if (!deviceOpen) {
        deviceOpen = true;
        // Back within the grace period: the same tuple, watchers saw nothing.
        void services.presence.connectDevice(user, { deviceId: deps.deviceId, label: deps.resource }).catch(() => {});
      }
    },
    detach() {
      attachment = null;
      closeDevice();
    },
    finish() {
      attachment = null;
      if (finished) return;
      finished = true;
      services.xmppSessions.remove(events);
      closeDevice();
      void events.closed().catch((error: unknown) => deps.logger.warn({ err: error }, "XMPP cursor not saved"));
    },
  };

  function closeDevice() {
    if (!deviceOpen) return;
    deviceOpen = false;
    services.presence.disconnectDevice(user.id, deps.deviceId);
  }

  return live;
}
