// An XMPP client connection over TCP (RFC 6120): the stream over one socket, STARTTLS, and the
// XML through a streaming parser (xml-parser.ts); the stream itself is stream.ts. A stanza above
// MAX_STANZA_BYTES ends the stream with policy-violation, broken XML with not-well-formed,
// comments, processing instructions, DTDs and entities with restricted-xml.
import { randomUUID } from "node:crypto";
import type { Socket } from "node:net";
import { StringDecoder } from "node:string_decoder";
import { type SecureContext, TLSSocket } from "node:tls";
import { serialize } from "./serialize";
import { NS } from "./stanza";
import { createXmppStream, type StreamDeps } from "./stream";
import { XmlStreamParser } from "./xml-parser";

/** Largest stanza (or stream header) read before the stream ends with policy-violation. */
export const MAX_STANZA_BYTES = 64 * 1024;

export type ConnectionDeps = StreamDeps & { secureContext: SecureContext };

export const isLoopback = (address: string | undefined) =>
  !!address && (address === "::1" || address.startsWith("127.") || address.startsWith("::ffff:127."));

export function handleConnection(raw: Socket, deps: ConnectionDeps, directTls: boolean) {
  const address = raw.remoteAddress ?? "";
  let socket: Socket = raw;
  let secure = directTls;
  let ending = false;
  let parser: XmlStreamParser;
  /** Our stream header for the current stream was sent (each new parser is a new stream). */
  let headerSent = false;
  let decoder: StringDecoder;
  let pendingBytes = 0;

  // What is written in one pass of the event loop goes out in one socket write: a sign-in's
  // contacts' presence, or a roster, is one syscall instead of one per stanza, and so are the
  // presences of several contacts signing in at once (their reads finish in the same pass).
  let pending = "";
  const flush = () => {
    const data = pending;
    pending = "";
    if (data && !ending && socket.writable) socket.write(data);
  };
  const write = (data: string) => {
    if (ending) return;
    if (pending === "") setImmediate(flush);
    pending += data;
  };
  const openStream = (id: string) => {
    headerSent = true;
    write(
      `<?xml version='1.0'?><stream:stream xmlns='jabber:client' xmlns:stream='${NS.stream}' id='${id}' from='${deps.config.domain}' version='1.0' xml:lang='en'>`,
    );
  };

  const stream = createXmppStream(
    {
      address,
      saslAllowed: () => secure || (deps.config.allowPlaintext && isLoopback(address)),
      canStartTls: () => !secure,
      openStream,
      write(element) {
        // An error before the client's header still comes inside a stream (RFC 6120 §4.9.1.1).
        if (!headerSent) openStream(randomUUID());
        write(serialize(element));
      },
      closeStream() {
        write("</stream:stream>");
        flush();
        ending = true;
        socket.end();
        // A client that does not close its side is not waited for.
        setTimeout(() => socket.destroy(), 2_000).unref();
      },
      startTls() {
        flush(); // <proceed/> goes out in the clear
        socket.removeListener("data", onData);
        const tls = new TLSSocket(socket, { isServer: true, secureContext: deps.secureContext });
        socket = tls;
        secure = true;
        newParser();
        tls.on("data", onData);
        tls.on("error", () => tls.destroy());
      },
      restart: () => newParser(),
      destroy() {
        ending = true;
        socket.destroy();
      },
      // The socket under TLS after STARTTLS: pausing it stops reads from the connection.
      pauseReading: (paused) => void (paused ? socket.pause() : socket.resume()),
    },
    deps,
  );

  function newParser() {
    parser = new XmlStreamParser();
    headerSent = false;
    decoder = new StringDecoder("utf8");
    pendingBytes = 0;
    parser.on("start", (header) =>
      stream.opened(header.attrs.to, header.name === "stream:stream" && header.attrs["xmlns:stream"] === NS.stream && header.attrs.xmlns === NS.client),
    );
    parser.on("element", (element) => {
      pendingBytes = 0;
      stream.element(element);
    });
    parser.on("end", () => stream.endedByClient());
    parser.on("error", (condition) => stream.streamError(condition));
  }

  function onData(chunk: Buffer) {
    if (ending) return;
    pendingBytes += chunk.length;
    if (pendingBytes > MAX_STANZA_BYTES) return stream.streamError("policy-violation", `Stanzas are limited to ${MAX_STANZA_BYTES} bytes.`);
    try {
      parser.write(decoder.write(chunk));
    } catch {
      stream.streamError("not-well-formed");
    }
  }

  newParser();
  raw.on("data", onData);
  raw.on("error", () => raw.destroy());
  raw.on("close", () => stream.lost());
  return { shutdown: stream.shutdown };
}
