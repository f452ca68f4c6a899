import { describe, expect, it } from "vitest";
import type { XmppRelayCall } from "@/lib/protocol/events";
import type { ReceivedMessage } from "@/lib/protocol/im";
import { createXmppNotifier, relayAccountOf, type XmppRelay, type XmppSessionSink } from "./notifier";

/** A cluster's relay that records what it is asked to send and which accounts it follows. */
function recordingRelay() {
  const relayed: XmppRelayCall[] = [];
  const following = new Set<string>();
  const relay: XmppRelay = {
    send: (call) => void relayed.push(call),
    follow: async (userId) => void following.add(userId),
    unfollow: (userId) => void following.delete(userId),
  };
  return { relay, relayed, following };
}

function sink(userId: string, connectionId: string, sessionId = `s-${connectionId}`) {
  const heard: string[] = [];
  const session: XmppSessionSink = {
    connectionId,
    userId,
    sessionId,
    presenceChanged: (view) => heard.push(`presence ${view.username}`),
    buddyListChanged: () => heard.push("buddylist"),
    messageReceived: ({ message }) => heard.push(`message ${message.body}`),
    typing: (notice) => heard.push(`typing ${notice.from} ${notice.typing}`),
    messageStatus: (update) => heard.push(`status ${update.peer} ${update.status}`),
    privacyChanged: (settings) => heard.push(`privacy invisible=${settings.invisible}`),
    end: (reason) => heard.push(`end ${reason}`),
    groupReceived: ({ message }) => heard.push(`group ${message.groupId} ${message.body}`),
    groupChanged: (summary) => heard.push(`group changed ${summary.id}`),
    groupRemoved: (groupId) => heard.push(`group removed ${groupId}`),
    groupTyping: (notice) => heard.push(`group typing ${notice.groupId} ${notice.from}`),
  };
  return { session, heard };
}
const received = (body: string) => ({ message: { body }, notify: true }) as unknown as ReceivedMessage;

describe("XMPP notifier in a cluster", () => {
  it("delivers messages, typing, receipts, rule changes and endings here and relays them, except to the sending connection", () => {
    const notifier = createXmppNotifier();
    const { relay, relayed } = recordingRelay();
    notifier.relayThrough(relay);
    const phone = sink("u1", "c1");
    const laptop = sink("u1", "c2");
    notifier.add(phone.session);
    notifier.add(laptop.session);
    notifier.messageReceived("u1", received("hi"), "c1");
    notifier.typing("u1", { from: "ann", typing: true });
    notifier.messageStatus("u1", { peer: "ann", status: "delivered", ids: ["m1"] } as never);
    notifier.privacyChanged("u1", { invisible: true } as never);
    notifier.sessionsEnded(["s-c2"], "signed_out");
    const both = ["typing ann true", "status ann delivered", "privacy invisible=true"];
    expect(phone.heard).toEqual(both);
    expect(laptop.heard).toEqual(["message hi", ...both, "end signed_out"]);
    expect(relayed.map((call) => call.kind)).toEqual(["messageReceived", "typing", "messageStatus", "privacyChanged", "sessionsEnded"]);
  });

  it("gives no XMPP resource a copy of a send that asked for none (XEP-0280 private), here or relayed", async () => {
    const notifier = createXmppNotifier();
    const { relay, relayed } = recordingRelay();
    notifier.relayThrough(relay);
    const laptop = sink("u1", "c2");
    notifier.add(laptop.session);
    const sent = (body: string, clientId: string) => ({ message: { body, direction: "outgoing", clientId }, notify: false }) as unknown as ReceivedMessage;
    await notifier.withoutCarbons("k1", async () => notifier.messageReceived("u1", sent("private", "k1"), "c1"));
    notifier.messageReceived("u1", sent("copied", "k2"), "c1");
    expect(laptop.heard).toEqual(["message copied"]);
    expect(relayed.map((call) => call.kind === "messageReceived" && call.noCarbons)).toEqual([true, undefined]);
    notifier.relayed(relayed[0]!);
    expect(laptop.heard).toEqual(["message copied"]);
  });

  it("gives group messages to every member's sessions but the sending connection, and relays group changes", () => {
    const notifier = createXmppNotifier();
    const { relay, relayed } = recordingRelay();
    notifier.relayThrough(relay);
    const ann = sink("u1", "c1");
    const annPhone = sink("u1", "c3");
    const bob = sink("u2", "c2");
    for (const { session } of [ann, annPhone, bob]) notifier.add(session);
    const groupMessage = { message: { groupId: "g1", body: "hello" }, notify: true } as never;
    notifier.groupReceived(["u1", "u2"], groupMessage, "c1");
    notifier.groupChanged("u2", { id: "g1" } as never);
    notifier.groupRemoved("u1", "g1");
    notifier.groupTyping("u2", { groupId: "g1", from: "ann", typing: true });
    expect(ann.heard).toEqual(["group removed g1"]);
    expect(annPhone.heard).toEqual(["group g1 hello", "group removed g1"]);
    expect(bob.heard).toEqual(["group g1 hello", "group changed g1", "group typing g1 ann"]);
    expect(relayed.map((call) => call.kind)).toEqual(["groupReceived", "groupChanged", "groupRemoved", "groupTyping"]);
  });

  it("hands a relayed call to the sessions here without relaying it again", () => {
    const notifier = createXmppNotifier();
    const { relay, relayed } = recordingRelay();
    notifier.relayThrough(relay);
    const here = sink("u1", "c1");
    notifier.add(here.session);
    notifier.relayed({ kind: "messageReceived", userId: "u1", received: received("from afar") });
    notifier.relayed({ kind: "accountsSuspended", userIds: ["u1"] });
    notifier.relayed({ kind: "typing", userId: "someone-else", notice: { from: "x", typing: true } });
    expect(here.heard).toEqual(["message from afar", "end revoked"]);
    expect(relayed).toEqual([]);
  });

  it("keeps presence and buddy lists local: every instance tells its own sessions", () => {
    const notifier = createXmppNotifier();
    const { relay, relayed } = recordingRelay();
    notifier.relayThrough(relay);
    const here = sink("u1", "c1");
    notifier.add(here.session);
    notifier.buddyListChanged("u1", {} as never);
    expect(here.heard).toEqual(["buddylist"]);
    expect(relayed).toEqual([]);
    notifier.remove(here.session);
    expect(notifier.connectedHere("u1")).toBe(false);
  });

  it("follows an account's relays while it has a session here, and sends each call to its account or to all", async () => {
    const notifier = createXmppNotifier();
    const { relay, relayed, following } = recordingRelay();
    notifier.relayThrough(relay);
    const phone = sink("u1", "c1");
    const laptop = sink("u1", "c2");
    await notifier.add(phone.session);
    await notifier.add(laptop.session);
    expect([...following]).toEqual(["u1"]);
    notifier.remove(phone.session);
    expect([...following]).toEqual(["u1"]);
    notifier.remove(laptop.session);
    expect([...following]).toEqual([]);
    notifier.typing("u2", { from: "ann", typing: true });
    notifier.groupReceived(["u2"], { message: { groupId: "g1" } } as never);
    notifier.groupReceived(["u2", "u3"], { message: { groupId: "g1" } } as never);
    notifier.sessionsEnded(["s1"], "signed_out");
    expect(relayed.map(relayAccountOf)).toEqual(["u2", "u2", null, null]);
  });

  it("lets a second session of the account wait for the subscription the first one started", async () => {
    const notifier = createXmppNotifier();
    let subscribed!: () => void;
    const { relay } = recordingRelay();
    notifier.relayThrough({ ...relay, follow: () => new Promise<void>((resolve) => (subscribed = resolve)) });
    const bound: string[] = [];
    const phone = notifier.add(sink("u1", "c1").session).then(() => bound.push("phone"));
    const laptop = notifier.add(sink("u1", "c2").session).then(() => bound.push("laptop"));
    await new Promise((resolve) => setImmediate(resolve));
    expect(bound).toEqual([]);
    subscribed();
    await Promise.all([phone, laptop]);
    expect(bound).toEqual(["phone", "laptop"]);
  });
});
