import xml, { type Element } from "@xmpp/xml";
import { describe, expect, it, vi } from "vitest";
import type { XmppUser } from "@/lib/accounts/xmpp-credentials";
import { incomingMessage } from "./test-fixtures";
import type { AppServices } from "@/lib/services";
import { createLiveSession } from "./live-session";
import { NS } from "./stanza";

const user = { id: "u1", username: "alice", sessionId: "s1", tokenId: null } as unknown as XmppUser;


function session() {
  const confirmDelivery = vi.fn(async () => {});
  const cursorSent = vi.fn(async () => {});
  const services = {
    messaging: { confirmDelivery },
    xmppDelivery: { sent: cursorSent },
    xmppSessions: { remove: () => {} },
    presence: { disconnectDevice: () => {}, connectDevice: async () => "d1" },
  } as unknown as AppServices;
  const live = createLiveSession({
    services,
    user,
    jid: "alice@localhost/phone-2",
    resource: "phone-2",
    cursorKey: "phone",
    deviceId: "d1",
    domain: "localhost",
    connectionId: "c1",
    logger: { warn: () => {} },
  });
  const written: Element[] = [];
  live.attach({ write: (element) => written.push(element), end: () => {} });
  live.events.available = true;
  return { live, written, confirmDelivery, cursorSent };
}

const names = (written: Element[]) => written.map((element) => element.name);
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe("a live session under stream management (XEP-0198)", () => {
  it("asks for one ack after the messages it sends and confirms them delivered only when acked", async () => {
    const { live, written, confirmDelivery } = session();
    const sm = live.enableStreamManagement("resume-1");
    live.events.messageReceived({ message: incomingMessage("m1") } as never);
    live.events.messageReceived({ message: incomingMessage("m2") } as never);
    await settle();
    expect(names(written)).toEqual(["message", "message", "r"]);
    expect(confirmDelivery).not.toHaveBeenCalled();

    sm.ack(2);
    await settle();
    expect(confirmDelivery).toHaveBeenCalledWith(user, ["m1", "m2"]);
  });

  it("moves the asked resource's cursor at the end only past what the client acknowledged", async () => {
    const { live, cursorSent } = session();
    const sm = live.enableStreamManagement("resume-3");
    live.events.messageReceived({ message: incomingMessage("m1", 4) } as never);
    live.events.messageReceived({ message: incomingMessage("m2", 5) } as never);
    await settle();
    sm.ack(1);
    live.detach();
    live.finish();
    await settle();
    expect(cursorSent).toHaveBeenCalledWith(user, "phone", 4);
  });

  it("asks for an ack when a connection takes over a session with unacknowledged stanzas (resumption)", async () => {
    const { live } = session();
    live.enableStreamManagement("resume-2");
    live.events.messageReceived({ message: incomingMessage("m1") } as never);
    await settle();
    const again: Element[] = [];
    live.attach({ write: (element) => again.push(element), end: () => {} });
    await settle();
    expect(names(again)).toEqual(["r"]);
  });

  it("without stream management confirms at once and asks nothing", async () => {
    const { live, written, confirmDelivery } = session();
    live.events.messageReceived({ message: incomingMessage("m1") } as never);
    await settle();
    expect(names(written)).toEqual(["message"]);
    expect(confirmDelivery).toHaveBeenCalledWith(user, ["m1"]);
  });
});

describe("a live session while the client is inactive (XEP-0352)", () => {
  const presence = (show: string) => xml("presence", { from: "bob@localhost/buddylist", to: "alice@localhost/phone-2" }, xml("show", {}, show));
  const typing = () => xml("message", { type: "chat", from: "bob@localhost/buddylist" }, xml("composing", { xmlns: NS.chatStates }));

  it("counts held presence as sent (h) only once it is written, on active", async () => {
    const { live, written } = session();
    const sm = live.enableStreamManagement(null);
    live.clientState(false);
    live.events.send(presence("away"));
    live.events.send(presence("dnd"));
    live.events.send(typing());
    await settle();
    expect(written).toEqual([]);
    expect(sm.ack(1)).toEqual({ ok: false, sent: 0 });

    live.clientState(true);
    expect(written.map(String)).toEqual([presence("dnd").toString()]);
    expect(sm.ack(1)).toEqual({ ok: true });
  });

  it("lets the held presence out ahead of a chat message, both counted, the message confirmed on its ack", async () => {
    const { live, written, confirmDelivery } = session();
    const sm = live.enableStreamManagement(null);
    live.clientState(false);
    live.events.send(presence("away"));
    live.events.messageReceived({ message: incomingMessage("m1") } as never);
    await settle();
    expect(names(written)).toEqual(["presence", "message", "r"]);
    sm.ack(1);
    await settle();
    expect(confirmDelivery).not.toHaveBeenCalled();
    sm.ack(2);
    await settle();
    expect(confirmDelivery).toHaveBeenCalledWith(user, ["m1"]);
  });

  it("holds across a dropped connection: a resumed stream is active and gets it after the replay", async () => {
    const { live } = session();
    const sm = live.enableStreamManagement("resume-4");
    live.clientState(false);
    live.detach();
    live.events.messageReceived({ message: incomingMessage("m1") } as never);
    live.events.send(presence("away"));
    await settle();
    expect(names(sm.unacked())).toEqual(["message"]);
    const again: Element[] = [];
    live.attach({ write: (element) => again.push(element), end: () => {} });
    live.resumed();
    expect(names(sm.unacked())).toEqual(["message", "presence"]);
    expect(names(again)).toEqual(["presence"]);
  });

  it("drops what is held when the session ends inactive", async () => {
    const { live, written } = session();
    live.clientState(false);
    live.events.send(presence("away"));
    live.finish();
    live.clientState(true);
    await settle();
    expect(written).toEqual([]);
  });
});
