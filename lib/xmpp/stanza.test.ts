import { describe, expect, it } from "vitest";
import { translateRosterSet, translateStanza } from "./stanza";
import { parseStanza as parse } from "./test-fixtures";
const translate = (text: string) => translateStanza(parse(text));

describe("translateStanza", () => {
  it("reads a chat message: body, origin-id, chat state", () => {
    const result = translate(
      "<message type='chat' id='m1' to='bob@localhost'><body>hi &amp; bye</body><origin-id xmlns='urn:xmpp:sid:0' id='o1'/><active xmlns='http://jabber.org/protocol/chatstates'/></message>",
    );
    expect(result).toEqual({
      ok: true,
      stanza: { kind: "message", type: "chat", id: "m1", to: "bob@localhost", body: "hi & bye", originId: "o1", chatState: "active", noCopies: false },
    });
  });

  it("reads carbons' <private/> and the no-copy hint as a message of which no copies are made", () => {
    const noCopies = (children: string) => {
      const result = translate(`<message type='chat' to='bob@localhost'><body>x</body>${children}</message>`);
      return result.ok && result.stanza.kind === "message" && result.stanza.noCopies;
    };
    expect(noCopies("<private xmlns='urn:xmpp:carbons:2'/><no-copy xmlns='urn:xmpp:hints'/>")).toBe(true);
    expect(noCopies("<private xmlns='urn:xmpp:carbons:2'/>")).toBe(true);
    expect(noCopies("<no-copy xmlns='urn:xmpp:hints'/>")).toBe(true);
    expect(noCopies("<private xmlns='urn:xmpp:carbons:1'/><no-store xmlns='urn:xmpp:hints'/>")).toBe(false);
  });

  it("ignores a nick (XEP-0172) on a subscription request", () => {
    expect(translate("<presence type='subscribe' to='bob@localhost'><nick xmlns='http://jabber.org/protocol/nick'>Ann</nick></presence>")).toEqual({
      ok: true,
      stanza: { kind: "presence", type: "subscribe", to: "bob@localhost" },
    });
  });

  it("defaults a message to normal and a presence to available", () => {
    expect(translate("<message><body>x</body></message>")).toMatchObject({ ok: true, stanza: { type: "normal" } });
    expect(translate("<presence><show>dnd</show><status>busy</status></presence>")).toEqual({
      ok: true,
      stanza: { kind: "presence", type: "available", show: "dnd", status: "busy" },
    });
  });

  it("reads a room join's history request and a room subject (XEP-0045)", () => {
    const join = translate("<presence to='r@groups.localhost/n'><x xmlns='http://jabber.org/protocol/muc'><history maxstanzas='5'/></x></presence>");
    expect(join).toMatchObject({ ok: true, stanza: { kind: "presence", muc: { history: { maxstanzas: "5" } } } });
    const plain = translate("<presence to='r@groups.localhost/n'/>");
    expect(plain.ok && plain.stanza.kind === "presence" && plain.stanza.muc).toBeUndefined();
    expect(translate("<message type='groupchat'><subject>Trip</subject></message>")).toMatchObject({ ok: true, stanza: { subject: "Trip" } });
    expect(translate("<message type='groupchat'><subject/></message>")).toMatchObject({ ok: true, stanza: { subject: "" } });
    const noSubject = translate("<message type='groupchat'><body>x</body></message>");
    expect(noSubject.ok && noSubject.stanza.kind === "message" && noSubject.stanza.subject).toBeUndefined();
  });

  it("reads an iq's one payload by namespace and name", () => {
    const result = translate("<iq type='get' id='r1'><query xmlns='jabber:iq:roster'/></iq>");
    expect(result.ok && result.stanza.kind === "iq" && result.stanza.payload).toEqual({ xmlns: "jabber:iq:roster", name: "query" });
  });

  it("refuses unknown types, shows and chat states, an iq without id, and oversized fields, saying which", () => {
    expect(translate("<message type='spam'/>")).toMatchObject({ ok: false, kind: "message", message: "Bad type." });
    expect(translate("<presence><show>sleeping</show></presence>")).toMatchObject({ ok: false, message: "Bad show." });
    expect(translate("<message><gone-fishing xmlns='http://jabber.org/protocol/chatstates'/></message>")).toMatchObject({ ok: false, message: "Bad chatState." });
    expect(translate("<iq type='get'><ping xmlns='urn:xmpp:ping'/></iq>")).toMatchObject({ ok: false, kind: "iq", message: "Bad id." });
    expect(translate("<iq type='sideways' id='1'/>")).toMatchObject({ ok: false, id: "1", message: "Bad type." });
    expect(translate(`<presence><status>${"x".repeat(1025)}</status></presence>`)).toMatchObject({ ok: false, message: "Bad status." });
    expect(translate(`<message id='${"i".repeat(257)}'><body>x</body></message>`)).toMatchObject({ ok: false, message: "Bad id." });
  });

  it("refuses what is not a stanza, and stanzas of another namespace", () => {
    expect(translate("<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>")).toMatchObject({ ok: false, kind: "starttls", message: "Unknown namespace." });
    expect(translate("<r/>")).toMatchObject({ ok: false, message: "Not a stanza: r." });
    expect(translate("<message xmlns='jabber:server'/>")).toMatchObject({ ok: false, message: "Unknown namespace." });
  });
});

describe("translateRosterSet", () => {
  const query = (items: string) => parse(`<iq type='set' id='1'><query xmlns='jabber:iq:roster'>${items}</query></iq>`).getChild("query")!;

  it("reads the one item with its groups", () => {
    expect(translateRosterSet(query("<item jid='ann@localhost' name='Ann'><group>Work</group><group>Friends</group></item>"))).toEqual({
      jid: "ann@localhost",
      name: "Ann",
      groups: ["Work", "Friends"],
    });
    expect(translateRosterSet(query("<item jid='ann@localhost' subscription='remove'/>"))).toMatchObject({ subscription: "remove", groups: [] });
  });

  it("refuses no item, two items, a missing jid, an empty or overlong group, a bad subscription", () => {
    expect(translateRosterSet(query(""))).toBeNull();
    expect(translateRosterSet(query("<item jid='a@localhost'/><item jid='b@localhost'/>"))).toBeNull();
    expect(translateRosterSet(query("<item name='x'/>"))).toBeNull();
    expect(translateRosterSet(query("<item jid='a@localhost'><group></group></item>"))).toBeNull();
    expect(translateRosterSet(query(`<item jid='a@localhost'><group>${"g".repeat(41)}</group></item>`))).toBeNull();
    expect(translateRosterSet(query("<item jid='a@localhost' subscription='both-ways'/>"))).toBeNull();
  });
});
