// For unit tests: a message from bob as alice's inbox holds it; a stanza as the stream reader
// gives it; a group and its members as the group services show them.
import type { Element } from "@xmpp/xml";
import type { GroupMemberView } from "@/lib/protocol/groups";
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

/** A group's id, as the room's local part. */
export const GROUP = "0b6f6a52-3c49-4e0e-9d6b-8d2f3d7f1a11";

export const member = (username: string, role: GroupMemberView["role"] = "member", state: GroupMemberView["state"] = "member"): GroupMemberView => ({
  username,
  displayName: username,
  role,
  state,
});
