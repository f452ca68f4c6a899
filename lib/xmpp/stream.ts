// One XMPP stream (RFC 6120) whatever carries it — TCP (tcp.ts) or WebSocket (websocket.ts):
// the stream header and features, STARTTLS where the transport has it, SASL, resource binding
// or resumption (XEP-0198), then stanzas for the handlers (handlers/index.ts) and the client's
// state (XEP-0352), each element handled after the one before it (input-queue.ts). A bound
// resource is a device tuple (as a tab is), closed after the grace period when the session ends.
import { randomUUID } from "node:crypto";
import xml, { type Element } from "@xmpp/xml";
import type { XmppUser } from "@/lib/accounts/xmpp-credentials";
import type { Logger } from "@/lib/log";
import type { AppServices } from "@/lib/services";
import { serverCaps } from "./handlers/disco";
import type { XmppConfig } from "./config";
import { dispatch } from "./handlers";
import { bareJid } from "./jid";
import { CSI_NS } from "./client-state";
import { createInputQueue } from "./input-queue";
import { createLiveSession, type LiveSession } from "./live-session";
import { boundResource, deviceIdOfResource, requestedResource } from "./resource";
import type { Resumption } from "./resumption";
import { createSaslNegotiation, MECHANISMS } from "./sasl/authenticate";
import { NS } from "./stanza";
import { parseH, SM_NS } from "./stream-management";

/** Failed SASL attempts on one stream before it closes. */
const MAX_AUTH_FAILURES = 3;

/** Elements read but not yet handled above which the transport stops reading (input-queue.ts). */
export const MAX_WAITING_ELEMENTS = 16;

export type StreamDeps = {
  services: AppServices;
  config: XmppConfig;
  resumption: Resumption;
  logger: Logger;
};

/** What a stream needs of the connection under it. */
export type StreamTransport = {
  readonly address: string;
  /** Whether SASL may run now (TLS on, or a transport the operator secures). */
  saslAllowed(): boolean;
  /** Whether STARTTLS is still to offer. */
  canStartTls(): boolean;
  /** Answers the client's stream header (or <open/>) with ours. */
  openStream(id: string): void;
  write(element: Element): void;
  /** Ends our side of the stream and the connection. */
  closeStream(): void;
  /** Switches to TLS after <proceed/> (TCP only). */
  startTls(): void;
  /** After SASL success the client opens a new stream (RFC 6120 §6.4.6). */
  restart(): void;
  /** Drops the connection without a word (a resumed session moved elsewhere). */
  destroy(): void;
  /** Stops (true) or resumes (false) reading from the client: backpressure while stanzas wait. */
  pauseReading(paused: boolean): void;
};

const isStanza = (element: Element) => element.name === "iq" || element.name === "message" || element.name === "presence";

export function createXmppStream(transport: StreamTransport, deps: StreamDeps) {
  const { services, config, resumption } = deps;
  const connectionId = `xmpp:${randomUUID()}`;
  const log = deps.logger.child({ connectionId });
  let user: XmppUser | null = null;
  let live: LiveSession | null = null;
  let authFailures = 0;
  let closed = false;
  /** The client closed its stream, or broke it: nothing more is read, what came before still runs. */
  let inputEnded = false;
  const sasl = createSaslNegotiation({ credentials: services.xmppCredentials, domain: config.domain, address: transport.address });

  // Everything the transport reads (the header, elements, the client's close, an error in its
  // XML) is handled in order, one at a time; nothing of a closed stream.
  const input = createInputQueue({
    bound: MAX_WAITING_ELEMENTS,
    pauseReading: (paused) => transport.pauseReading(paused),
    failed(error) {
      log.error({ err: error }, "XMPP stanza failed");
      streamError("internal-server-error");
    },
  });
  function read(task: () => unknown) {
    if (closed || inputEnded) return;
    input.push(() => (closed ? undefined : task()));
  }
  /** The client's input ends with `task` (its close or a stream error): nothing after it is read. */
  function readLast(task: () => unknown) {
    read(task);
    inputEnded = true;
  }

  function streamError(condition: string, text?: string, extra?: Element) {
    transport.write(
      xml(
        "stream:error",
        {},
        xml(condition, { xmlns: NS.streams }),
        text ? xml("text", { xmlns: NS.streams, "xml:lang": "en" }, text) : null,
        extra,
      ),
    );
    close();
  }

  /** We end the stream: the session ends with it (resumption is for connections that drop). */
  function close() {
    if (closed) return;
    closed = true;
    transport.closeStream();
    lost(true);
  }

  /** The client opened the stream; `namespacesOk`: its header is what this transport expects. */
  function opened(to: string | undefined, namespacesOk: boolean) {
    transport.openStream(randomUUID());
    if (!namespacesOk) return streamError("invalid-namespace");
    if ((to ?? "").toLowerCase() !== config.domain) return streamError("host-unknown", `This server is ${config.domain}.`);
    transport.write(xml("stream:features", {}, ...features(), serverCaps()));
  }

  function features(): Element[] {
    if (!user) {
      const offers: Element[] = [];
      if (transport.canStartTls()) offers.push(xml("starttls", { xmlns: NS.tls }, transport.saslAllowed() ? null : xml("required")));
      if (transport.saslAllowed()) offers.push(xml("mechanisms", { xmlns: NS.sasl }, ...MECHANISMS.map((name) => xml("mechanism", {}, name))));
      return offers;
    }
    if (live) return [];
    return [xml("bind", { xmlns: NS.bind }), xml("session", { xmlns: NS.session }, xml("optional")), xml("sm", { xmlns: SM_NS }), xml("csi", { xmlns: CSI_NS })];
  }

  async function element(element: Element) {
    if (closed) return;
    if (element.name === "starttls" && element.attrs.xmlns === NS.tls) return startTls();
    if (!user) return onSasl(element);
    if (element.attrs.xmlns === SM_NS) return onStreamManagement(element);
    if (!live) return onBind(element);
    // Nonzas, not stanzas: they do not count for h.
    if (element.attrs.xmlns === CSI_NS) return onClientState(element);
    if (live.sm && isStanza(element)) live.sm.handled();
    await dispatch(element, { session: live.events, services, domain: config.domain, logger: log, address: transport.address });
  }

  function onClientState(element: Element) {
    if (element.name === "active" || element.name === "inactive") live!.clientState(element.name === "active");
  }

  function startTls() {
    if (!transport.canStartTls() || user) return streamError("policy-violation", "TLS is already on.");
    transport.write(xml("proceed", { xmlns: NS.tls }));
    // Nothing read in the clear after <starttls/> carries into the TLS stream (RFC 6120 §5.4.3.3).
    input.clear();
    transport.startTls();
  }

  async function onSasl(element: Element) {
    if (element.attrs.xmlns !== NS.sasl) return streamError("not-authorized");
    if (!transport.saslAllowed()) return streamError("policy-violation", "Start TLS first.");
    const payload = () => {
      const text = element.getText().trim();
      return text === "=" ? Buffer.alloc(0) : Buffer.from(text, "base64");
    };
    let reply;
    if (element.name === "auth") reply = await sasl.auth(element.attrs.mechanism ?? "", payload());
    else if (element.name === "response") reply = await sasl.response(payload());
    else if (element.name === "abort") reply = { kind: "failure" as const, condition: "aborted" };
    else return streamError("not-authorized");
    if (reply.kind === "challenge") return transport.write(xml("challenge", { xmlns: NS.sasl }, reply.data.toString("base64")));
    if (reply.kind === "failure") {
      transport.write(
        xml("failure", { xmlns: NS.sasl }, xml(reply.condition), reply.text ? xml("text", { "xml:lang": "en" }, reply.text) : null),
      );
      if (++authFailures >= MAX_AUTH_FAILURES) close();
      return;
    }
    user = reply.signIn.user;
    transport.write(xml("success", { xmlns: NS.sasl }, reply.data ? reply.data.toString("base64") : null));
    log.info({ userId: user.id }, "XMPP signed in");
    // What the client sent before it saw <success/> belongs to the old stream (RFC 6120 §6.4.6).
    input.clear();
    transport.restart();
  }

  async function onBind(element: Element) {
    const bind = element.name === "iq" && element.attrs.type === "set" ? element.getChild("bind", NS.bind) : undefined;
    if (!bind) {
      if (element.name === "iq" && element.attrs.type !== "result" && element.attrs.type !== "error") {
        return transport.write(xml("iq", { type: "error", id: element.attrs.id }, xml("error", { type: "auth" }, xml("not-authorized", { xmlns: NS.stanzas }))));
      }
      return;
    }
    const account = user!;
    const requested = requestedResource(bind.getChildText("resource"));
    const asked = requested ?? `buddylist-${randomUUID().slice(0, 8)}`;
    const askedDeviceId = deviceIdOfResource(account.id, asked);
    const deviceId = await services.presence.connectDevice(account, { deviceId: askedDeviceId, label: asked });
    const resource = boundResource(asked, askedDeviceId, deviceId);
    const jid = `${bareJid(account.username, config.domain)}/${resource}`;
    // The inbox cursor follows the resource the app asks for (the same app, the same cursor, even when
    // suffixed for a conflict); apps that ask for none share one.
    const cursorKey = requested ?? "";
    live = createLiveSession({ services, user: account, jid, resource, cursorKey, deviceId, domain: config.domain, connectionId, logger: log });
    attach(live);
    if (closed) return void lost();
    // In a cluster, what other instances relay for the account reaches this one before the client may act.
    await services.xmppSessions.add(live.events);
    if (closed) return; // lost meanwhile: the session was finished or parked
    transport.write(xml("iq", { type: "result", id: element.attrs.id }, xml("bind", { xmlns: NS.bind }, xml("jid", {}, jid))));
  }

  function attach(session: LiveSession) {
    session.attach({
      write: (stanza) => transport.write(stanza),
      end: (reason) => streamError("not-authorized", reason === "revoked" ? "Your access was revoked." : "You signed out."),
    });
  }

  const smFailed = (condition: string) => transport.write(xml("failed", { xmlns: SM_NS }, xml(condition, { xmlns: NS.stanzas })));

  function onStreamManagement(element: Element) {
    switch (element.name) {
      case "enable": {
        if (!live) return smFailed("unexpected-request");
        if (live.sm) return smFailed("unexpected-request");
        const resumable = element.attrs.resume === "true" || element.attrs.resume === "1";
        const id = resumable ? randomUUID() : null;
        live.enableStreamManagement(id);
        if (id) resumption.register(id, user!.id, live, release);
        return transport.write(
          xml("enabled", { xmlns: SM_NS, id: id ?? undefined, resume: id ? "true" : undefined, max: id ? String(resumption.maxSeconds) : undefined }),
        );
      }
      case "r":
        if (live?.sm) transport.write(xml("a", { xmlns: SM_NS, h: String(live.sm.inbound) }));
        return;
      case "a":
        return acknowledged(element.attrs.h);
      case "resume":
        return resume(element);
      default:
        return smFailed("feature-not-implemented");
    }
  }

  function acknowledged(value: string | undefined) {
    const h = parseH(value);
    if (!live?.sm || h === null) return;
    const outcome = live.sm.ack(h);
    if (!outcome.ok) {
      streamError("undefined-condition", "You acknowledged more than was sent.", xml("handled-count-too-high", { xmlns: SM_NS, h: String(h), "send-count": String(outcome.sent) }));
    }
  }

  function resume(element: Element) {
    const h = parseH(element.attrs.h);
    if (live || h === null) return smFailed("unexpected-request");
    const session = resumption.take(element.attrs.previd, user!.id);
    if (!session?.sm) return smFailed("item-not-found");
    const sm = session.sm;
    if (!sm.ack(h).ok) {
      session.finish();
      return smFailed("unexpected-request");
    }
    live = session;
    attach(session);
    resumption.register(session.resumeId!, user!.id, session, release);
    transport.write(xml("resumed", { xmlns: SM_NS, previd: session.resumeId!, h: String(sm.inbound) }));
    for (const stanza of sm.unacked()) transport.write(stanza);
    // A resumed stream begins active (XEP-0352 §5.2): what was held goes out after the replay.
    session.resumed();
    log.info({ userId: user!.id }, "XMPP session resumed");
  }

  /** Another connection resumed this session: this one goes quietly, the session stays. */
  function release() {
    live = null;
    closed = true;
    transport.destroy();
  }

  let ended = false;
  /** The connection is gone; `clean`: the client closed the stream (no resumption then). */
  function lost(clean = false) {
    closed = true;
    input.clear();
    if (ended) return;
    ended = true;
    const session = live;
    live = null;
    if (!session) return;
    if (session.resumeId && !clean) {
      session.detach();
      resumption.park(session.resumeId);
      return;
    }
    resumption.forget(session.resumeId);
    session.finish();
  }

  return {
    opened: (to: string | undefined, namespacesOk: boolean) => read(() => opened(to, namespacesOk)),
    element: (incoming: Element) => read(() => element(incoming)),
    /** What the client sent broke the stream: the error comes after what was read before it. */
    streamError: (condition: string, text?: string) => readLast(() => streamError(condition, text)),
    /** The client closed its stream: a clean end, nothing to resume. */
    endedByClient: () => readLast(close),
    /**
     * The connection is gone. After the client's close (or an error in its input) what it sent
     * before is still handled, and the queued end then closes the stream; otherwise the rest is dropped.
     */
    lost: () => {
      if (!inputEnded) lost(false);
    },
    /** Server shutdown: the stream ends with system-shutdown. */
    shutdown: () => streamError("system-shutdown"),
  };
}
export type XmppStream = ReturnType<typeof createXmppStream>;
