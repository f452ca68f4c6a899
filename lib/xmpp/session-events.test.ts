import type { Element } from "@xmpp/xml";
import { describe, expect, it, vi } from "vitest";
import type { XmppUser } from "@/lib/accounts/xmpp-credentials";
import type { BuddyListSnapshot, Contact } from "@/lib/protocol/buddy-list";
import type { InstantMessage } from "@/lib/protocol/im";
import { incomingMessage } from "./test-fixtures";
import type { PresenceView } from "@/lib/protocol/presence";
import type { AppServices } from "@/lib/services";
import { createSessionEvents } from "./session-events";

const user = { id: "u1", username: "alice", sessionId: "s1", tokenId: null } as unknown as XmppUser;

function view(username: string, version: number, note: string | null): PresenceView {
  return {
    username,
    displayName: username,
    version,
    access: "full",
    status: { basic: "open", availability: "available", note, expiresAt: null, lastSeenAt: null },
    tuples: [],
  };
}

const contact = (presence: PresenceView): Contact => ({
  username: presence.username,
  displayName: presence.username,
  subscription: "active",
  watchesMe: true,
  groupIds: [],
  presence,
});

const snapshotOf = (...contacts: PresenceView[]): BuddyListSnapshot => ({
  me: view("alice", 1, null),
  contacts: contacts.map(contact),
  incoming: [],
  groups: [],
});


function signIn(reads: BuddyListSnapshot[], catchUp: () => Promise<{ messages: InstantMessage[]; cursor: number }> = async () => ({ messages: [], cursor: 0 })) {
  const snapshot = vi.fn(async () => reads.shift()!);
  const services = {
    subscriptions: { snapshot },
    xmppDelivery: { catchUp: vi.fn(catchUp), sent: async () => {} },
    messaging: { confirmDelivery: async () => {} },
    groups: { memberships: async () => [] },
  } as unknown as AppServices;
  const written: Element[] = [];
  const events = createSessionEvents({
    services,
    user,
    jid: "alice@localhost/phone",
    cursorKey: "phone",
    domain: "localhost",
    connectionId: "c1",
    send: (stanza, onDelivered) => {
      written.push(stanza);
      onDelivered?.();
    },
    end: () => {},
  });
  const presenceOf = (username: string) =>
    written.filter((stanza) => stanza.name === "presence" && stanza.attrs.from === `${username}@localhost/buddylist`).map((stanza) => stanza.getChildText("status"));
  const bodies = () => written.filter((stanza) => stanza.name === "message").map((stanza) => stanza.getChildText("body"));
  return { events, snapshot, presenceOf, bodies };
}

describe("an XMPP sign-in's buddy list", () => {
  it("is read once for the roster get and the initial presence that follows it", async () => {
    const { events, snapshot, presenceOf } = signIn([snapshotOf(view("bob", 3, "at work"))]);
    await events.readBuddyList();
    await events.becameAvailable();
    expect(snapshot).toHaveBeenCalledTimes(1);
    expect(presenceOf("bob")).toEqual(["at work"]);
  });

  it("sends a contact's presence told between the roster and initial presence when it is newer than the read", async () => {
    const { events, presenceOf } = signIn([snapshotOf(view("bob", 3, "at work"), view("carol", 5, "reading"))]);
    await events.readBuddyList();
    events.presenceChanged(view("bob", 4, "at lunch"));
    events.presenceChanged(view("carol", 4, "older than the read"));
    await events.becameAvailable();
    expect(presenceOf("bob")).toEqual(["at lunch"]);
    expect(presenceOf("carol")).toEqual(["reading"]);
  });

  it("reads the list again when it changed after the roster get", async () => {
    const { events, snapshot, presenceOf } = signIn([snapshotOf(view("bob", 3, "at work")), snapshotOf(view("carol", 1, "new contact"))]);
    await events.readBuddyList();
    events.buddyListChanged(snapshotOf(view("carol", 1, "new contact")));
    await events.becameAvailable();
    expect(snapshot).toHaveBeenCalledTimes(2);
    expect(presenceOf("bob")).toEqual([]);
    expect(presenceOf("carol")).toEqual(["new contact"]);
  });

  it("sends a message that arrives while the waiting ones are read only once", async () => {
    let caughtUp!: (result: { messages: InstantMessage[]; cursor: number }) => void;
    const { events, bodies } = signIn([snapshotOf()], () => new Promise((resolve) => (caughtUp = resolve)));
    const available = events.becameAvailable();
    await new Promise((resolve) => setImmediate(resolve));
    events.messageReceived({ message: incomingMessage("m2", 2) } as Parameters<typeof events.messageReceived>[0]);
    caughtUp({ messages: [incomingMessage("m1", 1), incomingMessage("m2", 2)], cursor: 2 });
    await available;
    expect(bodies()).toEqual(["hello m2", "hello m1"]);
  });
});
