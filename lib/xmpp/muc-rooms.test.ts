import type { Element } from "@xmpp/xml";
import { describe, expect, it } from "vitest";
import type { GroupMemberView, GroupMessageView, GroupSummary } from "@/lib/protocol/groups";
import { createMucRooms } from "./muc-rooms";
import { GROUP, member } from "./test-fixtures";

const summary = (members: GroupMemberView[], extra: Partial<GroupSummary> = {}) =>
  ({ id: GROUP, name: "Trip", title: "Trip", members, state: "member", role: "member", ...extra }) as GroupSummary;
let seq = 0;
const message = (sender: string, body: string, extra: Partial<GroupMessageView> = {}) =>
  ({ id: `m${++seq}`, groupId: GROUP, seq, sender, body, direction: "incoming", event: null, hidden: false, retracted: false, sentAt: "2026-01-01T00:00:00.000Z", ...extra }) as GroupMessageView;

function rooms() {
  const sent: Element[] = [];
  const delivered: number[] = [];
  const muc = createMucRooms({
    username: "bob",
    jid: "bob@localhost/phone",
    domain: "localhost",
    send: (stanza, onDelivered) => {
      sent.push(stanza);
      onDelivered?.();
    },
    delivered: (_groupId, upToSeq) => delivered.push(upToSeq),
  });
  /** What was sent, as short lines. */
  const lines = () =>
    sent.splice(0).map((stanza) => {
      const codes = stanza.getChild("x", "http://jabber.org/protocol/muc#user")?.getChildren("status").map((status) => status.attrs.code) ?? [];
      if (stanza.name === "presence") return `presence ${stanza.attrs.from?.split("/")[1]}${stanza.attrs.type ? ` ${stanza.attrs.type}` : ""}${codes.length ? ` [${codes.join(",")}]` : ""}`;
      if (stanza.getChild("subject")) return `subject ${stanza.getChildText("subject")}`;
      if (stanza.getChild("x", "jabber:x:conference")) return `invitation from ${stanza.attrs.from}`;
      return `${stanza.getChild("delay") ? "history" : "message"} ${stanza.attrs.from?.split("/")[1]}: ${stanza.getChildText("body")}`;
    });
  return { muc, lines, delivered };
}

describe("a session's rooms", () => {
  it("answers a join with the others, itself, history, messages that came meanwhile, then the subject", () => {
    const { muc, lines, delivered } = rooms();
    const group = summary([member("ann", "creator"), member("bob"), member("eve", "member", "invited")]);
    const old = message("ann", "old");
    muc.joining(group);
    muc.received({ message: message("ann", "during the join"), notify: true });
    expect(muc.joined(GROUP)).toBe(false);
    muc.enter(group, [old], "Bobby");
    expect(lines()).toEqual(["presence ann", "presence bob [100,110,210]", "history ann: old", "message ann: during the join", "subject Trip"]);
    expect(muc.joined(GROUP)).toBe(true);
    muc.received({ message: message("ann", "hidden", { hidden: true }), notify: false });
    muc.received({ message: message("ann", "", { event: { kind: "renamed", actor: "ann", name: "x" } }), notify: false });
    muc.received({ message: message("bob", "mine from the web", { direction: "outgoing" }), notify: false });
    expect(lines()).toEqual(["message bob: mine from the web"]);
    // What the phone got of others' messages is delivered; its own messages are not counted.
    expect(delivered).toEqual([old.seq, old.seq + 1]);
  });

  it("shows members coming and going (321 for a removal), a role change, a rename, and its own removal", () => {
    const { muc, lines } = rooms();
    const group = summary([member("ann", "creator"), member("bob"), member("cy")]);
    muc.joining(group);
    muc.enter(group, [], "bob");
    lines();
    muc.received({ message: message("ann", "", { event: { kind: "removed", actor: "ann", subject: "cy" } }), notify: false });
    muc.changed(summary([member("ann", "creator"), member("bob", "admin"), member("dan")], { title: "Trip 2" }));
    expect(lines()).toEqual(["presence bob [110]", "presence dan", "presence cy unavailable [321]", "subject Trip 2"]);
    muc.changed(summary([member("ann", "creator"), member("bob", "admin")], { title: "Trip 2" }));
    expect(lines()).toEqual(["presence dan unavailable"]);
    muc.received({ message: message("ann", "", { event: { kind: "removed", actor: "ann", subject: "bob" } }), notify: false });
    muc.changed(summary([member("ann", "creator")], { title: "Trip 2", state: "left" }));
    expect(lines()).toEqual(["presence bob unavailable [110,321]"]);
    expect(muc.joined(GROUP)).toBe(false);
  });

  it("invites to a group new to the account once, only after initial presence, and to waiting ones at sign-in", () => {
    const { muc, lines } = rooms();
    muc.received({ message: message("ann", "", { event: { kind: "added", actor: "ann", subject: "bob" } }), notify: false });
    expect(lines()).toEqual([]);
    const waiting = "9f1c2d3e-4b5a-4c6d-8e7f-0a1b2c3d4e5f";
    muc.knowGroups([{ groupId: waiting, state: "invited" }]);
    expect(lines()).toEqual(["invitation from groups.localhost"]);
    muc.received({ message: message("ann", "", { event: { kind: "added", actor: "ann", subject: "bob" } }), notify: false });
    muc.changed(summary([member("ann", "creator"), member("bob")]));
    expect(lines()).toEqual(["invitation from ann@localhost"]);
    muc.changed(summary([member("ann", "creator"), member("bob")], { pinned: true }));
    expect(lines()).toEqual([]);
  });
});
