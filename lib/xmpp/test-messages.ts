// For unit tests of sessions: a message from bob as alice's inbox holds it.
import type { InstantMessage } from "@/lib/protocol/im";

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
