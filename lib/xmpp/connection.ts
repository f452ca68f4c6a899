// One XMPP client connection (RFC 6120): stream headers and features, STARTTLS, SASL, resource
// binding, then stanzas for the handlers (handlers/index.ts). A bound resource is a device tuple
// (as a tab is), closed after the grace period when the connection ends. Inbound XML goes
// through a streaming parser (xml-parser.ts); a stanza above MAX_STANZA_BYTES ends the stream
// with policy-violation, broken XML with not-well-formed, comments, processing instructions,
// DTDs and entities with restricted-xml.
import { randomUUID } from "node:crypto";
import type { Socket } from "node:net";
import { StringDecoder } from "node:string_decoder";
import { type SecureContext, TLSSocket } from "node:tls";
import xml, { type Element } from "@xmpp/xml";
import type { XmppUser } from "@/lib/accounts/xmpp-credentials";
import type { Logger } from "@/lib/log";
import type { AppServices } from "@/lib/services";
import { createSaslNegotiation, MECHANISMS } from "./sasl/authenticate";
import type { XmppConfig } from "./config";
import { bareJid } from "./jid";
import { dispatch } from "./handlers";
import { boundResource, deviceIdOfResource, requestedResource } from "./resource";
import { createSessionEvents, type SessionEvents } from "./session-events";
import { NS } from "./stanza";
import { XmlStreamParser } from "./xml-parser";

/** Largest stanza (or stream header) read before the stream ends with policy-violation. */
export const MAX_STANZA_BYTES = 64 * 1024;
/** Failed SASL attempts on one stream before it closes. */
const MAX_AUTH_FAILURES = 3;

export type ConnectionDeps = {
  services: AppServices;
  config: XmppConfig;
  secureContext: SecureContext;
  logger: Logger;
};

const isLoopback = (address: string | undefined) =>
  !!address && (address === "::1" || address.startsWith("127.") || address.startsWith("::ffff:127."));

export function handleConnection(raw: Socket, deps: ConnectionDeps, directTls: boolean) {
  const { services, config, logger } = deps;
  const address = raw.remoteAddress ?? "";
  const connectionId = `xmpp:${randomUUID()}`;
  const log = logger.child({ connectionId });
  let socket: Socket = raw;
  let secure = directTls;
  let user: XmppUser | null = null;
  let session: (SessionEvents & { deviceId: string }) | null = null;
  let authFailures = 0;
  let closed = false;
  let parser: XmlStreamParser;
  let decoder: StringDecoder;
  let pendingBytes = 0;
  /** Our stream header for the current stream was sent (each new parser is a new stream). */
  let headerSent = false;
  const sasl = createSaslNegotiation({ credentials: services.xmppCredentials, domain: config.domain, address });

  const write = (data: string | Element) => {
    if (!closed && socket.writable) socket.write(typeof data === "string" ? data : data.toString());
  };

  function streamError(condition: string, text?: string) {
    if (!headerSent) openStream(); // an error before the client's header still comes inside a stream (RFC 6120 §4.9.1.1)
    write(
      xml(
        "stream:error",
        {},
        xml(condition, { xmlns: NS.streams }),
        text ? xml("text", { xmlns: NS.streams, "xml:lang": "en" }, text) : null,
      ),
    );
    close();
  }

  function close() {
    if (closed) return;
    write("</stream:stream>");
    closed = true;
    socket.end();
    // A client that does not close its side is not waited for.
    setTimeout(() => socket.destroy(), 2_000).unref();
  }

  function newParser() {
    parser = new XmlStreamParser();
    headerSent = false;
    decoder = new StringDecoder("utf8");
    pendingBytes = 0;
    parser.on("start", (header) => void onStreamStart(header));
    parser.on("element", (element) => {
      pendingBytes = 0;
      void onElement(element).catch((error: unknown) => {
        log.error({ err: error }, "XMPP stanza failed");
        streamError("internal-server-error");
      });
    });
    parser.on("end", () => close());
    parser.on("error", (condition) => streamError(condition));
  }

  function onData(chunk: Buffer) {
    if (closed) return;
    pendingBytes += chunk.length;
    if (pendingBytes > MAX_STANZA_BYTES) return streamError("policy-violation", `Stanzas are limited to ${MAX_STANZA_BYTES} bytes.`);
    try {
      parser.write(decoder.write(chunk));
    } catch {
      streamError("not-well-formed");
    }
  }

  function listen(target: Socket) {
    target.on("data", onData);
    target.on("error", () => target.destroy());
    target.on("close", () => void onClosed());
  }

  function openStream() {
    headerSent = true;
    write(
      `<?xml version='1.0'?><stream:stream xmlns='jabber:client' xmlns:stream='${NS.stream}' id='${randomUUID()}' from='${config.domain}' version='1.0' xml:lang='en'>`,
    );
  }

  function onStreamStart(header: Element) {
    openStream();
    if (header.name !== "stream:stream" || header.attrs["xmlns:stream"] !== NS.stream) return streamError("invalid-namespace");
    if (header.attrs.xmlns !== NS.client) return streamError("invalid-namespace");
    if ((header.attrs.to ?? "").toLowerCase() !== config.domain) return streamError("host-unknown", `This server is ${config.domain}.`);
    write(xml("stream:features", {}, ...features()));
  }

  const saslAllowed = () => secure || (config.allowPlaintext && isLoopback(address));

  function features(): Element[] {
    if (!user) {
      const offers: Element[] = [];
      if (!secure) offers.push(xml("starttls", { xmlns: NS.tls }, saslAllowed() ? null : xml("required")));
      if (saslAllowed()) offers.push(xml("mechanisms", { xmlns: NS.sasl }, ...MECHANISMS.map((name) => xml("mechanism", {}, name))));
      return offers;
    }
    if (session) return [];
    return [xml("bind", { xmlns: NS.bind }), xml("session", { xmlns: NS.session }, xml("optional"))];
  }

  async function onElement(element: Element) {
    if (element.name === "starttls" && element.attrs.xmlns === NS.tls) return startTls();
    if (!user) return onSasl(element);
    if (!session) return onBind(element);
    await dispatch(element, { session, services, domain: config.domain, logger: log });
  }

  function startTls() {
    if (secure || user) return streamError("policy-violation", "TLS is already on.");
    write(xml("proceed", { xmlns: NS.tls }));
    socket.removeListener("data", onData);
    const tls = new TLSSocket(socket, { isServer: true, secureContext: deps.secureContext });
    socket = tls;
    secure = true;
    newParser();
    tls.on("data", onData);
    tls.on("error", () => tls.destroy());
  }

  async function onSasl(element: Element) {
    if (element.attrs.xmlns !== NS.sasl) return streamError("not-authorized");
    if (!saslAllowed()) return streamError("policy-violation", "Start TLS first.");
    const payload = () => {
      const text = element.getText().trim();
      return text === "=" ? Buffer.alloc(0) : Buffer.from(text, "base64");
    };
    let reply;
    if (element.name === "auth") reply = await sasl.auth(element.attrs.mechanism ?? "", payload());
    else if (element.name === "response") reply = await sasl.response(payload());
    else if (element.name === "abort") reply = { kind: "failure" as const, condition: "aborted" };
    else return streamError("not-authorized");
    if (reply.kind === "challenge") return write(xml("challenge", { xmlns: NS.sasl }, reply.data.toString("base64")));
    if (reply.kind === "failure") {
      write(
        xml("failure", { xmlns: NS.sasl }, xml(reply.condition), reply.text ? xml("text", { "xml:lang": "en" }, reply.text) : null),
      );
      if (++authFailures >= MAX_AUTH_FAILURES) close();
      return;
    }
    user = reply.signIn.user;
    write(xml("success", { xmlns: NS.sasl }, reply.data ? reply.data.toString("base64") : null));
    log.info({ userId: user.id }, "XMPP signed in");
    newParser(); // the client opens a new stream (RFC 6120 §6.4.6)
  }

  async function onBind(element: Element) {
    const bind = element.name === "iq" && element.attrs.type === "set" ? element.getChild("bind", NS.bind) : undefined;
    if (!bind) {
      if (element.name === "iq" && element.attrs.type !== "result" && element.attrs.type !== "error") {
        return write(xml("iq", { type: "error", id: element.attrs.id }, xml("error", { type: "auth" }, xml("not-authorized", { xmlns: NS.stanzas }))));
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
    const events = createSessionEvents({ services, user: account, jid, cursorKey: requested ?? "", domain: config.domain, connectionId, send: write, end: (reason) => streamError("not-authorized", reason === "revoked" ? "Your access was revoked." : "You signed out.") });
    session = Object.assign(events, { deviceId });
    if (closed) return void onClosed();
    services.xmppSessions.add(events);
    write(xml("iq", { type: "result", id: element.attrs.id }, xml("bind", { xmlns: NS.bind }, xml("jid", {}, jid))));
  }

  let cleaned = false;
  async function onClosed() {
    closed = true;
    if (cleaned) return;
    cleaned = true;
    if (session && user) {
      services.xmppSessions.remove(session);
      services.presence.disconnectDevice(user.id, session.deviceId);
      await session.closed().catch((error: unknown) => log.warn({ err: error }, "XMPP cursor not saved"));
    }
  }

  newParser();
  listen(raw);
  return {
    /** Server shutdown: the stream ends with system-shutdown. */
    shutdown: () => streamError("system-shutdown"),
  };
}
