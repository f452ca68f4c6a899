// For unit tests: a message from bob as alice's inbox holds it; a stanza as the stream reader gives it.
import type { Element } from "@xmpp/xml";
import type { InstantMessage } from "@/lib/protocol/im";
import { XmlStreamParser } from "./xml-parser";

/** The one stanza in `text`, read inside a client stream. */
export function parseStanza(text: string): Element {
  const parser = new XmlStreamParser();
  const found: Element[] = [];
  parser.on("element", (element) => found.push(element));
  parser.write(`<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'>${text}`);
  if (found.length !== 1) throw new Error(`expected one stanza in ${text}`);
  return found[0]!;
}

export function incomingMessage(id: string, seq = 1): InstantMessage {
  return {
    id,
    seq,
    peer: "bob",
    direction: "incoming",
    clientId: null,
    body: `hello ${id}`,
    sentAt: new Date(0).toISOString(),
    status: "sent",
    editedAt: null,
    retracted: false,
    replyTo: null,
    attachments: [],
    reactions: [],
  };
}
