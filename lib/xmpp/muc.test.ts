import { describe, expect, it } from "vitest";
import { groupchatMessage, historySince, historyWanted, mucAddress, occupantChanges, occupantPresence, roomJid, shownInRoom, subjectMessage } from "./muc";
import { GROUP, member } from "./test-fixtures";


describe("MUC addresses", () => {
  it("names the service, a room by its group id (lower case) and an occupant", () => {
    expect(mucAddress("groups.localhost", "localhost")).toEqual({ kind: "service" });
    expect(mucAddress(`${GROUP.toUpperCase()}@groups.localhost/ann`, "localhost")).toEqual({ kind: "room", groupId: GROUP, nick: "ann" });
    expect(mucAddress(`${GROUP}@groups.localhost`, "localhost")).toEqual({ kind: "room", groupId: GROUP, nick: null });
    expect(roomJid(GROUP.toUpperCase(), "localhost")).toBe(`${GROUP}@groups.localhost`);
  });

  it("takes a local part that is no group id for a room that does not exist, and other domains for none of it", () => {
    expect(mucAddress("lobby@groups.localhost", "localhost")).toEqual({ kind: "room", groupId: null, nick: null });
    expect(mucAddress(`${GROUP}@groups.example.org`, "localhost")).toBeNull();
    expect(mucAddress("ann@localhost", "localhost")).toBeNull();
    expect(mucAddress(undefined, "localhost")).toBeNull();
  });
});

describe("MUC stanzas", () => {
  it("shows an occupant with its affiliation from the group role, real JID and status codes", () => {
    const presence = occupantPresence({ groupId: GROUP, member: member("ann", "creator"), to: "bob@localhost/phone", domain: "localhost", codes: [110, 100] });
    expect(presence.attrs).toMatchObject({ from: `${GROUP}@groups.localhost/ann`, to: "bob@localhost/phone" });
    expect(presence.attrs.type).toBeUndefined();
    const x = presence.getChild("x", "http://jabber.org/protocol/muc#user")!;
    expect(x.getChild("item")!.attrs).toMatchObject({ affiliation: "owner", role: "participant", jid: "ann@localhost" });
    expect(x.getChildren("status").map((status) => status.attrs.code)).toEqual(["110", "100"]);
    const admin = occupantPresence({ groupId: GROUP, member: member("cy", "admin"), to: "x", domain: "localhost" });
    expect(admin.getChild("x")!.getChild("item")!.attrs.affiliation).toBe("admin");
  });

  it("says an occupant is gone with role and affiliation none", () => {
    const gone = occupantPresence({ groupId: GROUP, member: member("ann"), to: "x", domain: "localhost", gone: true, codes: [321] });
    expect(gone.attrs.type).toBe("unavailable");
    expect(gone.getChild("x")!.getChild("item")!.attrs).toMatchObject({ affiliation: "none", role: "none" });
    expect(gone.getChild("x")!.getChild("status")!.attrs.code).toBe("321");
  });

  it("makes a groupchat message from the sender's nick with a stanza-id by the room, reflecting the client's ids", () => {
    const view = { id: "m1", groupId: GROUP, sender: "ann", body: "hi <there>", sentAt: "2026-01-01T00:00:00.000Z" };
    const live = groupchatMessage(view, "bob@localhost/x", "localhost");
    expect(live.attrs).toMatchObject({ type: "groupchat", id: "m1", from: `${GROUP}@groups.localhost/ann` });
    expect(live.getChildText("body")).toBe("hi <there>");
    expect(live.getChild("stanza-id", "urn:xmpp:sid:0")!.attrs).toEqual({ xmlns: "urn:xmpp:sid:0", id: "m1", by: `${GROUP}@groups.localhost` });
    expect(live.getChild("delay")).toBeUndefined();
    const reflected = groupchatMessage(view, "ann@localhost/x", "localhost", { id: "c1", originId: "o1" });
    expect(reflected.attrs.id).toBe("c1");
    expect(reflected.getChild("origin-id", "urn:xmpp:sid:0")!.attrs.id).toBe("o1");
    const old = groupchatMessage(view, "bob@localhost/x", "localhost", { delayed: true });
    expect(old.getChild("delay", "urn:xmpp:delay")!.attrs.stamp).toBe(view.sentAt);
  });

  it("gives the subject without a body", () => {
    const subject = subjectMessage(GROUP, "Trip", "bob@localhost/x", "localhost");
    expect(subject.getChildText("subject")).toBe("Trip");
    expect(subject.getChild("body")).toBeUndefined();
    expect(subject.attrs.from).toBe(`${GROUP}@groups.localhost`);
  });
});

describe("MUC rules of rendering", () => {
  it("asks for at most 20 history messages, none for maxstanzas or maxchars 0", () => {
    expect(historyWanted(undefined)).toBe(20);
    expect(historyWanted({ maxstanzas: "5" })).toBe(5);
    expect(historyWanted({ maxstanzas: "500" })).toBe(20);
    expect(historyWanted({ maxstanzas: "0" })).toBe(0);
    expect(historyWanted({ maxchars: "0" })).toBe(0);
    expect(historyWanted({ maxstanzas: "-3" })).toBe(20);
  });

  it("bounds history by since and seconds, the later of both, ignoring what is not a time", () => {
    const now = Date.parse("2026-01-01T12:00:00Z");
    expect(historySince(undefined, now)).toBeNull();
    expect(historySince({ since: "2026-01-01T11:00:00Z" }, now)).toBe(Date.parse("2026-01-01T11:00:00Z"));
    expect(historySince({ seconds: "60" }, now)).toBe(now - 60_000);
    expect(historySince({ seconds: "60", since: "2026-01-01T11:00:00Z" }, now)).toBe(now - 60_000);
    expect(historySince({ seconds: "7200", since: "2026-01-01T11:30:00Z" }, now)).toBe(Date.parse("2026-01-01T11:30:00Z"));
    expect(historySince({ seconds: "soon", since: "yesterday" }, now)).toBeNull();
  });

  it("shows messages only, not system lines, hidden or retracted ones", () => {
    expect(shownInRoom({ event: null, hidden: false, retracted: false })).toBe(true);
    expect(shownInRoom({ event: { kind: "left", actor: "ann" }, hidden: false, retracted: false })).toBe(false);
    expect(shownInRoom({ event: null, hidden: true, retracted: false })).toBe(false);
    expect(shownInRoom({ event: null, hidden: false, retracted: true })).toBe(false);
  });

  it("finds the occupants that came, changed role, or went; a waiting request is no occupant", () => {
    const before = [member("ann", "creator"), member("bob"), member("cy")];
    const after = [member("ann", "creator"), member("bob", "admin"), member("dan"), member("eve", "member", "invited")];
    const { came, gone } = occupantChanges(before, after);
    expect(came.map((m) => m.username)).toEqual(["bob", "dan"]);
    expect(gone.map((m) => m.username)).toEqual(["cy"]);
  });
});
