import xml, { type Element } from "@xmpp/xml";
import { describe, expect, it } from "vitest";
import { createClientState, verdictOf } from "./client-state";
import { NS } from "./stanza";

const ME = "me@localhost/phone";
const presence = (contact: string, show?: string, status?: string) =>
  xml("presence", { from: `${contact}@localhost/buddylist`, to: ME }, show ? xml("show", {}, show) : null, status ? xml("status", {}, status) : null);
const offline = (contact: string) => xml("presence", { from: `${contact}@localhost/buddylist`, to: ME, type: "unavailable" });
const chat = (from: string, body: string) => xml("message", { type: "chat", from: `${from}@localhost/buddylist`, to: ME }, xml("body", {}, body));
const typing = (from: string) => xml("message", { type: "chat", from: `${from}@localhost/buddylist`, to: ME }, xml("composing", { xmlns: NS.chatStates }));
const receipt = (from: string) => xml("message", { from: `${from}@localhost/buddylist`, to: ME }, xml("received", { xmlns: NS.receipts, id: "m1" }));
const rosterPush = (...items: { jid: string; subscription?: string }[]) =>
  xml("iq", { type: "set", id: "push", to: ME }, xml("query", { xmlns: NS.roster }, ...items.map((item) => xml("item", item))));
const text = (stanzas: Element[]) => stanzas.map(String);

describe("what an inactive client is sent (XEP-0352)", () => {
  it("holds contacts' presence, drops chat states and sends the rest at once", () => {
    expect(verdictOf(presence("ann", "away"))).toEqual({ kind: "hold", contact: "ann@localhost" });
    expect(verdictOf(offline("ann"))).toEqual({ kind: "hold", contact: "ann@localhost" });
    expect(verdictOf(typing("ann"))).toEqual({ kind: "drop" });
    expect(verdictOf(chat("ann", "hi"))).toEqual({ kind: "send-after-held" });
    const carbon = xml("message", { from: "me@localhost", to: ME }, xml("sent", { xmlns: NS.carbons }));
    expect(verdictOf(carbon)).toEqual({ kind: "send-after-held" });
    // A message with a body and a chat state is a message.
    expect(verdictOf(xml("message", {}, xml("body", {}, "hi"), xml("active", { xmlns: NS.chatStates })))).toEqual({ kind: "send-after-held" });
    for (const urgent of [
      receipt("ann"),
      xml("message", { from: "ann@localhost/buddylist", to: ME }, xml("displayed", { xmlns: NS.markers, id: "m1" })),
      xml("presence", { type: "subscribe", from: "bob@localhost", to: ME }),
      xml("presence", { type: "error", from: "bob@localhost", to: ME }),
      xml("iq", { type: "result", id: "1", to: ME }),
      xml("iq", { type: "error", id: "2", to: ME }),
      xml("iq", { type: "set", id: "3", to: ME }, xml("block", { xmlns: NS.blocking })),
      // A room's occupants, each its own (one room, many nicks), and a join's answer.
      xml("presence", { from: "g@groups.localhost/ann", to: ME }, xml("x", { xmlns: "http://jabber.org/protocol/muc#user" }, xml("item", { role: "participant" }))),
    ]) {
      expect(verdictOf(urgent)).toEqual({ kind: "send" });
    }
    expect(verdictOf(rosterPush({ jid: "Ann@localhost" }, { jid: "bob@localhost", subscription: "remove" }))).toEqual({
      kind: "send-after-contacts",
      contacts: ["ann@localhost", "bob@localhost"],
    });
  });

  it("sends everything as it comes while active", () => {
    const state = createClientState();
    expect(state.active).toBe(true);
    for (const stanza of [presence("ann", "away"), typing("ann"), chat("ann", "hi")]) expect(state.offer(stanza)).toEqual([stanza]);
  });

  it("keeps only each contact's newest presence while inactive, and lets it out on active", () => {
    const state = createClientState();
    state.inactive();
    expect(state.offer(presence("ann", "away", "lunch"))).toEqual([]);
    expect(state.offer(presence("bob", "dnd"))).toEqual([]);
    expect(state.offer(presence("ann", "xa", "gone"))).toEqual([]);
    expect(state.offer(typing("ann"))).toEqual([]);
    expect(state.offer(receipt("bob"))).toEqual([receipt("bob")]);
    // In the order of each contact's newest change.
    expect(text(state.activate())).toEqual(text([presence("bob", "dnd"), presence("ann", "xa", "gone")]));
    expect(state.active).toBe(true);
    expect(state.activate()).toEqual([]);
  });

  it("sends nothing for a contact back to what the client last had", () => {
    const state = createClientState();
    state.activate(); // apps say their state right after binding
    state.offer(presence("ann"));
    state.inactive();
    state.offer(offline("ann"));
    state.offer(presence("ann"));
    expect(state.activate()).toEqual([]);
    // Gone for good this time: that is news.
    state.inactive();
    state.offer(presence("ann", "away"));
    state.offer(offline("ann"));
    expect(text(state.activate())).toEqual(text([offline("ann")]));
  });

  it("lets what is held out ahead of a chat message, so the order stays that of the events", () => {
    const state = createClientState();
    state.inactive();
    state.offer(offline("ann"));
    state.offer(presence("bob", "away"));
    expect(text(state.offer(chat("bob", "back soon")))).toEqual(text([offline("ann"), presence("bob", "away"), chat("bob", "back soon")]));
    expect(state.active).toBe(false);
    // Held again afterwards, and compared with what the message let out.
    state.offer(presence("bob", "dnd"));
    state.offer(presence("bob", "away"));
    expect(state.activate()).toEqual([]);
  });

  it("lets out a contact's held presence ahead of a roster push naming it, and forgets what that contact was sent", () => {
    const state = createClientState();
    state.activate();
    state.offer(presence("ann"));
    state.inactive();
    state.offer(presence("ann", "away"));
    state.offer(presence("bob", "away"));
    const removal = rosterPush({ jid: "ann@localhost", subscription: "remove" });
    expect(text(state.offer(removal))).toEqual(text([presence("ann", "away"), removal]));
    // Added back, with the presence she had before: the client dropped it with the item, so it is sent.
    const added = rosterPush({ jid: "ann@localhost", subscription: "both" });
    expect(state.offer(added)).toEqual([added]);
    state.offer(presence("ann"));
    expect(text(state.activate())).toEqual(text([presence("bob", "away"), presence("ann")]));
  });

  it("forgets what a contact was sent on a roster push while active too", () => {
    const state = createClientState();
    state.activate();
    state.offer(presence("ann"));
    state.offer(rosterPush({ jid: "ann@localhost", subscription: "remove" }));
    state.inactive();
    state.offer(presence("ann"));
    expect(text(state.activate())).toEqual(text([presence("ann")]));
  });

  it("remembers what was sent only from the client's first indication on", () => {
    const state = createClientState();
    state.offer(presence("ann")); // a client that never says its state: nothing remembered
    state.inactive();
    state.offer(presence("ann"));
    expect(text(state.activate())).toEqual(text([presence("ann")]));
    state.inactive();
    state.offer(presence("ann"));
    expect(state.activate()).toEqual([]);
  });

  it("is active again when the stream resumes, with what was held let out", () => {
    const state = createClientState();
    state.inactive();
    state.offer(presence("ann", "away"));
    expect(text(state.reset())).toEqual(text([presence("ann", "away")]));
    expect(state.active).toBe(true);
    expect(state.offer(typing("ann"))).toEqual([typing("ann")]);
  });
});
