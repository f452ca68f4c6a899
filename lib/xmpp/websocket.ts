// XMPP over WebSocket (RFC 7395) on the web port at /xmpp-websocket: the same stream (stream.ts)
// framed as one element per message, opened with <open/> and ended with <close/>. A browser's
// Origin is checked as for the socket.io endpoint (lib/realtime/origin.ts). TLS is the web
// port's (the operator's proxy, as for the web sign-in), so SASL runs without STARTTLS.
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import xml, { Element, Parser } from "@xmpp/xml";
import { WebSocketServer, type WebSocket } from "ws";
import { originAllowed } from "@/lib/realtime/origin";
import { MAX_STANZA_BYTES } from "./connection";
import { NS } from "./stanza";
import { createXmppStream, type StreamDeps, type XmppStream } from "./stream";

export const XMPP_WEBSOCKET_PATH = "/xmpp-websocket";
const FRAMING = "urn:ietf:params:xml:ns:xmpp-framing";

/** Top-level elements one by one: each message is a whole element (§3.3.3). */
class FramedParser extends Parser {
  declare cursor: Element | null;
  onStartElement(name: string, attrs: Record<string, string>) {
    const element = new Element(name, attrs);
    this.cursor?.append(element);
    this.cursor = element;
  }
  onEndElement(name: string) {
    const cursor = this.cursor;
    if (!cursor || name !== cursor.name) return void this.emit("error", new Error(`${name} closes nothing.`));
    if (cursor.parent) {
      this.cursor = cursor.parent as Element;
      return;
    }
    this.cursor = null;
    cursor.parent = null;
    const framing = cursor.attrs.xmlns === FRAMING;
    this.emit(framing && cursor.name === "open" ? "start" : framing && cursor.name === "close" ? "end" : "element", cursor);
  }
}

/** Each message stands alone, so it carries its namespaces (§3.3.1). */
function framed(element: Element): string {
  if (element.name.startsWith("stream:")) element.attrs["xmlns:stream"] ??= NS.stream;
  else element.attrs.xmlns ??= NS.client;
  return element.toString();
}

export function createXmppWebSocket(deps: StreamDeps) {
  const { env } = deps.services;
  const server = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_STANZA_BYTES,
    handleProtocols: (protocols) => (protocols.has("xmpp") ? "xmpp" : false),
  });
  const streams = new Set<XmppStream>();

  function accept(socket: WebSocket, req: IncomingMessage) {
    let ending = false;
    const send = (text: string) => {
      if (!ending && socket.readyState === socket.OPEN) socket.send(text);
    };
    const stream = createXmppStream(
      {
        address: req.socket.remoteAddress ?? "",
        saslAllowed: () => true,
        canStartTls: () => false,
        openStream: (id) =>
          send(xml("open", { xmlns: FRAMING, id, from: deps.config.domain, version: "1.0", "xml:lang": "en" }).toString()),
        write: (element) => send(framed(element)),
        closeStream() {
          send(xml("close", { xmlns: FRAMING }).toString());
          ending = true;
          socket.close();
          setTimeout(() => socket.terminate(), 2_000).unref();
        },
        startTls: () => {},
        restart: () => {},
        destroy() {
          ending = true;
          socket.terminate();
        },
      },
      deps,
    );
    streams.add(stream);
    const parser = new FramedParser();
    parser.on("start", (open: Element) => stream.opened(open.attrs.to, open.attrs.version === "1.0"));
    parser.on("element", (element: Element) => void stream.element(element));
    parser.on("end", () => stream.endedByClient());
    parser.on("error", () => stream.streamError("not-well-formed"));
    socket.on("message", (data, isBinary) => {
      if (ending) return;
      if (isBinary) return stream.streamError("not-well-formed", "Send text frames.");
      try {
        parser.write(data.toString());
      } catch {
        stream.streamError("not-well-formed");
      }
    });
    // A message above maxPayload closes the socket (1009) in ws itself.
    socket.on("error", () => socket.terminate());
    socket.on("close", () => {
      streams.delete(stream);
      stream.lost();
    });
  }

  return {
    handles: (url: string | undefined) => (url ?? "").split("?")[0] === XMPP_WEBSOCKET_PATH,

    upgrade(req: IncomingMessage, socket: Duplex, head: Buffer) {
      if (!originAllowed(req.headers, env.ALLOWED_ORIGINS, env.TRUST_PROXY)) {
        socket.end("HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
        return;
      }
      server.handleUpgrade(req, socket, head, (ws) => accept(ws, req));
    },

    close() {
      for (const stream of streams) stream.shutdown();
      server.close();
    },
  };
}
export type XmppWebSocket = ReturnType<typeof createXmppWebSocket>;
