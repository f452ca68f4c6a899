// XMPP over WebSocket (RFC 7395) on the web port at /xmpp-websocket: the same stream (stream.ts)
// framed as one element per message, opened with <open/> and ended with <close/>. A browser's
// Origin is checked as for the socket.io endpoint (lib/realtime/origin.ts). TLS is the web
// port's (the operator's proxy, as for the web sign-in), so SASL runs without STARTTLS.
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import xml, { type Element } from "@xmpp/xml";
import { WebSocketServer, type WebSocket } from "ws";
import { originAllowed } from "@/lib/realtime/origin";
import { MAX_STANZA_BYTES } from "./connection";
import { serialize } from "./serialize";
import { NS } from "./stanza";
import { createXmppStream, type StreamDeps, type XmppStream } from "./stream";
import { XmlStreamParser } from "./xml-parser";

export const XMPP_WEBSOCKET_PATH = "/xmpp-websocket";
const FRAMING = "urn:ietf:params:xml:ns:xmpp-framing";

/** Each message stands alone, so it carries its namespaces (§3.3.1). */
function framed(element: Element): string {
  if (element.name.startsWith("stream:")) element.attrs["xmlns:stream"] ??= NS.stream;
  else element.attrs.xmlns ??= NS.client;
  return serialize(element);
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
          send(serialize(xml("open", { xmlns: FRAMING, id, from: deps.config.domain, version: "1.0", "xml:lang": "en" }))),
        write: (element) => send(framed(element)),
        closeStream() {
          send(serialize(xml("close", { xmlns: FRAMING })));
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
        pauseReading: (paused) => (paused ? socket.pause() : socket.resume()),
      },
      deps,
    );
    streams.add(stream);
    // Messages are whole elements one after another: read as the children of a stream that
    // opens here, with the same restricted-XML rules as TCP; <open/> and <close/> are framing.
    const parser = new XmlStreamParser();
    parser.write("<framing>");
    parser.on("element", (element: Element) => {
      if (element.attrs.xmlns !== FRAMING) return stream.element(element);
      if (element.name === "open") stream.opened(element.attrs.to, element.attrs.version === "1.0");
      else if (element.name === "close") stream.endedByClient();
      else stream.streamError("unsupported-stanza-type");
    });
    parser.on("end", () => stream.streamError("not-well-formed")); // a message closed the framing itself
    parser.on("error", (condition) => stream.streamError(condition));
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
