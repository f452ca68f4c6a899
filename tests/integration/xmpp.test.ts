// The XMPP endpoint through a client library nobody here wrote (@xmpp/client over TCP with
// STARTTLS): sign-in with SCRAM and with PLAIN and an app password, the roster as the buddy
// list, a subscription approved across protocols, presence under the access rules, messages
// both ways and waiting messages at sign-in, and a blocking account indistinguishable from a
// missing one.
import { connect as tcpConnect } from "node:net";
import { describe, expect, it } from "vitest";
import type { Element } from "@xmpp/xml";
import { ask, connectedUser, nextEvent, PASSWORD } from "./harness";
import { xmppTestServer } from "./xmpp/test-server";
import { xml, xmppClient, type XmppTestClient } from "./xmpp-client";

const endpoint = xmppTestServer();

async function signedIn(username: string, password = PASSWORD, mechanism?: "PLAIN" | "SCRAM-SHA-1") {
  return endpoint.track(await xmppClient(endpoint.port(), username, password, { mechanism }));
}

const from = (username: string) => (stanza: Element) => (stanza.attrs.from ?? "").startsWith(`${username}@localhost`);
const presenceFrom = (username: string, available: boolean) => (stanza: Element) =>
  stanza.name === "presence" && from(username)(stanza) && stanza.attrs.type === (available ? undefined : "unavailable");

async function rosterOf(client: XmppTestClient) {
  const result = await client.iq("get", xml("query", { xmlns: "jabber:iq:roster" }));
  return result.getChild("query")!.getChildren("item").map((item) => ({ ...item.attrs }));
}

const VCARD = "vcard-temp";
const NICK = "http://jabber.org/protocol/nick";

/** The answer to a vCard iq as the client gets it: its type, and its vCard fields or its error. */
async function vcardAnswer(client: XmppTestClient, type: "get" | "set", to?: string, fields: Record<string, string> = {}) {
  const id = crypto.randomUUID();
  const card = xml("vCard", { xmlns: VCARD }, ...Object.entries(fields).map(([name, text]) => xml(name, {}, text)));
  await client.send(xml("iq", { type, id, to }, card));
  const answer = await client.waitFor((stanza) => stanza.name === "iq" && stanza.attrs.id === id);
  const vcard = answer.getChild("vCard", VCARD);
  return {
    type: answer.attrs.type,
    card: vcard && Object.fromEntries(vcard.getChildElements().map((field) => [field.name, field.getText()])),
    error: answer.getChild("error")?.toString(),
  };
}

describe("XMPP sign-in", () => {
  it("signs in with SCRAM using the web password and binds a resource on this domain", async () => {
    const { username } = await connectedUser(endpoint.server(), "scram");
    const client = await signedIn(username);
    expect(client.jid).toBe(`${username}@localhost/test`);
    const info = await client.iq("get", xml("query", { xmlns: "http://jabber.org/protocol/disco#info" }), "localhost");
    expect(info.getChild("query")!.getChildren("feature").map((feature) => feature.attrs.var)).toContain("urn:xmpp:ping");
    await client.iq("get", xml("ping", { xmlns: "urn:xmpp:ping" }), "localhost");
  });

  it("refuses a wrong password", async () => {
    const { username } = await connectedUser(endpoint.server(), "wrong");
    await expect(xmppClient(endpoint.port(), username, "not the password")).rejects.toThrow();
  });

  it("signs in with PLAIN and an app password (SCRAM too), not with a token lacking the xmpp scope", async () => {
    const { username, socket } = await connectedUser(endpoint.server(), "apppw");
    const created = await ask(socket, "token:create", { name: "Gajim", scopes: ["xmpp"] });
    const other = await ask(socket, "token:create", { name: "bot", scopes: ["messages"] });
    if (!created.ok || !other.ok) throw new Error("token:create failed");
    const first = await signedIn(username, created.data.token, "PLAIN");
    const second = await signedIn(username, created.data.token, "SCRAM-SHA-1");
    // Both asked for the resource "test": the first keeps it, the second gets a suffix (RFC 6120 §7.7.2.2).
    expect(first.jid).toBe(`${username}@localhost/test`);
    expect(second.jid).toMatch(new RegExp(`^${username}@localhost/test-[0-9a-f]{8}$`));
    await expect(xmppClient(endpoint.port(), username, other.data.token, { mechanism: "PLAIN" })).rejects.toThrow();
  });
});

describe("XMPP with the web app", () => {
  it("asks a web user, who approves in the web app; the roster, presence and messages then flow both ways", async () => {
    const web = await connectedUser(endpoint.server(), "web");
    const { username } = await connectedUser(endpoint.server(), "xmppuser");
    const client = await signedIn(username);
    expect(await rosterOf(client)).toEqual([]);
    await client.send(xml("presence"));

    const asked = nextEvent(web.socket, "buddylist:snapshot");
    await client.send(xml("presence", { type: "subscribe", to: `${web.username}@localhost` }));
    expect((await asked).incoming.map((request) => request.username)).toEqual([username]);
    await client.waitFor((stanza) => stanza.name === "iq" && stanza.attrs.type === "set" && !!stanza.getChild("query")?.getChild("item", undefined)?.attrs.ask);

    // Approved in the web app: the XMPP roster says "to", and the web user's presence arrives.
    const approved = await ask(web.socket, "subscription:respond", { username, approve: true });
    expect(approved.ok).toBe(true);
    await client.waitFor(
      (stanza) => stanza.name === "iq" && stanza.getChild("query")?.getChild("item")?.attrs.subscription === "to",
    );
    await client.waitFor(presenceFrom(web.username, true));

    // Another web user asks the XMPP user, who approves with a presence stanza; the web app shows it.
    const second = await connectedUser(endpoint.server(), "web2");
    await ask(second.socket, "subscription:request", { username });
    await client.waitFor((stanza) => stanza.name === "presence" && stanza.attrs.type === "subscribe" && from(second.username)(stanza));
    const active = new Promise((resolve) =>
      second.socket.on("buddylist:snapshot", (snapshot) => {
        const contact = snapshot.contacts.find((candidate) => candidate.username === username);
        if (contact?.subscription === "active") resolve(contact);
      }),
    );
    await client.send(xml("presence", { type: "subscribed", to: `${second.username}@localhost` }));
    await active;

    // Status set over XMPP shows in the web app of a watcher as availability and note.
    const changed = new Promise((resolve) =>
      second.socket.on("presence:changed", (view) => view.username === username && view.status.availability === "busy" && resolve(view)),
    );
    await client.send(xml("presence", {}, xml("show", {}, "dnd"), xml("status", {}, "in a meeting")));
    expect(await changed).toMatchObject({ status: { availability: "busy", note: "in a meeting" } });

    // Web → XMPP.
    const sent = await ask(web.socket, "im:send", { to: username, clientId: crypto.randomUUID(), body: "hello from the web" });
    expect(sent.ok).toBe(true);
    const chat = await client.waitFor((stanza) => stanza.name === "message" && stanza.getChildText("body") === "hello from the web");
    expect(chat.attrs.type).toBe("chat");

    // XMPP → web, once even when the client retries with the same origin-id.
    const arrived = nextEvent(web.socket, "im:received");
    const message = xml(
      "message",
      { type: "chat", to: `${web.username}@localhost`, id: "m1" },
      xml("body", {}, "hello from xmpp"),
      xml("origin-id", { xmlns: "urn:xmpp:sid:0", id: "origin-1" }),
    );
    await client.send(message);
    expect((await arrived).message).toMatchObject({ body: "hello from xmpp", direction: "incoming", peer: username });
    await client.send(message);
    const history = await ask(web.socket, "im:history", { peer: username });
    if (!history.ok) throw new Error("im:history failed");
    expect(history.data.messages.filter((m) => m.body === "hello from xmpp")).toHaveLength(1);
  });

  it("sends a contact's presence once the contact's rules approve at once (it had asked first)", async () => {
    const web = await connectedUser(endpoint.server(), "asker");
    await ask(web.socket, "presence:set-status", { availability: "away", note: "asked first" });
    const { username, socket } = await connectedUser(endpoint.server(), "askedback");
    const client = await signedIn(username);
    await rosterOf(client);
    await client.send(xml("presence"));
    await ask(web.socket, "subscription:request", { username });
    await client.waitFor((stanza) => stanza.name === "presence" && stanza.attrs.type === "subscribe" && from(web.username)(stanza));
    // Looked at in the web app meanwhile: the asker's rules gave this account its view then.
    const seen = await ask(socket, "presence:fetch", { username: web.username });
    expect(seen.ok && seen.data.status.note).toBe("asked first");

    // Asking back: the asker's rules approve at once, and its view has not changed since, so the
    // presence fan-out tells nothing (the web app shows it from its buddy list); XMPP must send
    // it with the approval (RFC 6121 §3.1.5).
    await client.send(xml("presence", { type: "subscribe", to: `${web.username}@localhost` }));
    await client.waitFor((stanza) => stanza.name === "iq" && stanza.getChild("query")?.getChild("item")?.attrs.subscription === "to");
    const presence = await client.waitFor(presenceFrom(web.username, true));
    expect(presence.getChildText("show")).toBe("away");
    expect(presence.getChildText("status")).toBe("asked first");
  });

  it("sends an offline contact's presence as unavailable once the contact's rules approve at once", async () => {
    const web = await connectedUser(endpoint.server(), "gone");
    const { username } = await connectedUser(endpoint.server(), "askedlater");
    await ask(web.socket, "subscription:request", { username });
    web.socket.close();
    const client = await signedIn(username);
    await rosterOf(client);
    await client.send(xml("presence"));
    await client.waitFor((stanza) => stanza.name === "presence" && stanza.attrs.type === "subscribe" && from(web.username)(stanza));

    await client.send(xml("presence", { type: "subscribe", to: `${web.username}@localhost` }));
    await client.waitFor((stanza) => stanza.name === "iq" && stanza.getChild("query")?.getChild("item")?.attrs.subscription === "to");
    await client.waitFor(presenceFrom(web.username, false));
  });

  it("sends the messages that waited at sign-in, with when they were sent", async () => {
    const { username, socket } = await connectedUser(endpoint.server(), "offline");
    socket.close();
    // A stranger's first message lands as a request but still reaches the inbox owner's devices.
    const sender = await connectedUser(endpoint.server(), "writer");
    const first = await ask(sender.socket, "im:send", { to: username, clientId: crypto.randomUUID(), body: "while you were away" });
    expect(first.ok).toBe(true);
    const client = await signedIn(username);
    await client.send(xml("presence"));
    const waited = await client.waitFor((stanza) => stanza.name === "message" && stanza.getChildText("body") === "while you were away");
    expect(waited.getChild("delay", "urn:xmpp:delay")).toBeDefined();

    // The request stays unanswered (so "undelivered" for the sender), yet the same app signing in
    // again is not sent it again: only what came after it.
    await client.stop();
    const later = await ask(sender.socket, "im:send", { to: username, clientId: crypto.randomUUID(), body: "and again" });
    expect(later.ok).toBe(true);
    const again = await signedIn(username);
    await again.send(xml("presence"));
    await again.waitFor((stanza) => stanza.name === "message" && stanza.getChildText("body") === "and again");
    // Messages waiting at sign-in are sent oldest first: the newest has arrived, so have the others.
    const bodies = again.received.filter((stanza) => stanza.name === "message").map((stanza) => stanza.getChildText("body"));
    expect(bodies).toEqual(["and again"]);

    // Another app (another resource) of the account has not been sent anything yet: it gets the
    // messages no device confirmed, the request among them.
    const phone = endpoint.track(await xmppClient(endpoint.port(), username, PASSWORD, { resource: "phone" }));
    await phone.send(xml("presence"));
    await phone.waitFor((stanza) => stanza.name === "message" && stanza.getChildText("body") === "while you were away");
  });

  it("shows a polite-blocked watcher an offline contact, and a limited one no status", async () => {
    const web = await connectedUser(endpoint.server(), "rules");
    const { username } = await connectedUser(endpoint.server(), "watcher");
    const client = await signedIn(username);
    await client.send(xml("presence"));
    await ask(web.socket, "privacy:quick-rule", { username, action: "allow" });
    await client.send(xml("presence", { type: "subscribe", to: `${web.username}@localhost` }));
    await client.waitFor(presenceFrom(web.username, true));
    await ask(web.socket, "presence:set-status", { availability: "away", note: "lunch" });
    await client.waitFor((stanza) => presenceFrom(web.username, true)(stanza) && stanza.getChildText("status") === "lunch");

    await ask(web.socket, "privacy:quick-rule", { username, action: "limited" });
    const limited = await client.waitFor(
      (stanza) => presenceFrom(web.username, true)(stanza) && stanza.getChildText("status") === null && stanza.getChildText("show") === null,
    );
    expect(limited.attrs.type).toBeUndefined();

    await ask(web.socket, "privacy:quick-rule", { username, action: "polite-block" });
    await client.waitFor(presenceFrom(web.username, false));
  });

  it("treats an account that blocks the sender exactly like one that does not exist", async () => {
    const blocker = await connectedUser(endpoint.server(), "blocker");
    const { username } = await connectedUser(endpoint.server(), "blocked");
    await ask(blocker.socket, "privacy:quick-rule", { username, action: "block" });
    const client = await signedIn(username);
    await client.send(xml("presence"));
    const errorOf = async (to: string, id: string) => {
      await client.send(xml("message", { type: "chat", to, id }, xml("body", {}, "hi")));
      const bounced = await client.waitFor((stanza) => stanza.name === "message" && stanza.attrs.id === id);
      return { type: bounced.attrs.type, error: bounced.getChild("error")!.toString() };
    };
    const toBlocker = await errorOf(`${blocker.username}@localhost`, "b1");
    const toNobody = await errorOf("nobody-here-at-all@localhost", "b2");
    expect(toBlocker).toEqual(toNobody);
    expect(toBlocker.error).toContain("service-unavailable");

    // A subscription request to the blocker vanishes: the blocker hears nothing, the roster stays empty.
    let told = false;
    blocker.socket.on("buddylist:snapshot", (snapshot) => (told ||= snapshot.incoming.length > 0));
    await client.send(xml("presence", { type: "subscribe", to: `${blocker.username}@localhost` }));
    await client.iq("get", xml("ping", { xmlns: "urn:xmpp:ping" }), "localhost");
    expect(await rosterOf(client)).toEqual([]);
    expect(told).toBe(false);

    // The blocked one's own archive does not change with a block: what it has, it keeps.
    await ask(blocker.socket, "privacy:quick-rule", { username, action: "allow" });
    await ask(blocker.socket, "im:send", { to: username, clientId: crypto.randomUUID(), body: "before the block" });
    await client.waitFor((stanza) => stanza.getChildText("body") === "before the block");
    const archiveWith = async (jid: string) => {
      const form = xml(
        "x",
        { xmlns: "jabber:x:data", type: "submit" },
        xml("field", { var: "FORM_TYPE" }, xml("value", {}, "urn:xmpp:mam:2")),
        xml("field", { var: "with" }, xml("value", {}, jid)),
      );
      return (await client.iq("set", xml("query", { xmlns: "urn:xmpp:mam:2" }, form))).getChild("fin")!.toString();
    };
    const unblocked = await archiveWith(`${blocker.username}@localhost`);
    expect(unblocked).toContain("<first>");
    await ask(blocker.socket, "privacy:quick-rule", { username, action: "block" });
    expect(await archiveWith(`${blocker.username}@localhost`)).toEqual(unblocked);

    // Blocking back (XEP-0191) answers as for a name that does not exist.
    const blockAnswer = (jid: string) =>
      client.iq("set", xml("block", { xmlns: "urn:xmpp:blocking" }, xml("item", { jid }))).then(
        () => "blocked",
        (error: { condition?: string }) => error.condition,
      );
    expect(await blockAnswer("nobody-here-at-all@localhost")).toBe("item-not-found");
    expect(await blockAnswer(`${blocker.username}@localhost`)).toBe("item-not-found");

    // The blocker's vCard (XEP-0054) is a missing account's, though it has a display name.
    await ask(blocker.socket, "profile:set-display-name", { displayName: "Blocking Bea" });
    const blockerCard = await vcardAnswer(client, "get", `${blocker.username}@localhost`);
    expect(blockerCard).toEqual(await vcardAnswer(client, "get", "nobody-here-at-all@localhost"));
    expect(blockerCard).toMatchObject({ type: "error", card: undefined });
    expect(blockerCard.error).toContain("item-not-found");
    await ask(blocker.socket, "privacy:quick-rule", { username, action: "allow" });
    expect((await vcardAnswer(client, "get", `${blocker.username}@localhost`)).card).toMatchObject({ FN: "Blocking Bea" });
  });
});

describe("XMPP vCard (XEP-0054) and nicknames (XEP-0172)", () => {
  it("answers one's own vCard with the display name, and sets it as the settings page does", async () => {
    const me = await connectedUser(endpoint.server(), "cardme");
    const client = await signedIn(me.username);
    const info = await client.iq("get", xml("query", { xmlns: "http://jabber.org/protocol/disco#info" }), "localhost");
    expect(info.getChild("query")!.getChildren("feature").map((feature) => feature.attrs.var)).toContain(VCARD);
    const own = { FN: me.username, NICKNAME: me.username, JABBERID: `${me.username}@localhost` };
    expect(await vcardAnswer(client, "get")).toMatchObject({ type: "result", card: own });
    expect(await vcardAnswer(client, "get", `${me.username}@localhost`)).toMatchObject({ type: "result", card: own });

    // A set changes the display name; the web tab hears it, and the next get answers it.
    const renamed = nextEvent(me.socket, "profile:changed");
    expect(await vcardAnswer(client, "set", undefined, { FN: "  Carla Card ", NICKNAME: "carla", PHOTO: "not kept" })).toMatchObject({
      type: "result",
      error: undefined,
    });
    expect(await renamed).toMatchObject({ username: me.username, displayName: "Carla Card" });
    expect((await vcardAnswer(client, "get")).card).toEqual({ FN: "Carla Card", NICKNAME: "Carla Card", JABBERID: `${me.username}@localhost` });

    // Too long, or no name at all: refused with the settings page's words, nothing changed.
    const tooLong = await vcardAnswer(client, "set", undefined, { FN: "x".repeat(65) });
    expect(tooLong.type).toBe("error");
    expect(tooLong.error).toMatch(/<error type="modify"><not-acceptable xmlns="urn:ietf:params:xml:ns:xmpp-stanzas"\/><text [^>]*>Display name \(FN\): Use at most 64 characters.<\/text>/);
    const empty = await vcardAnswer(client, "set", undefined, { PHOTO: "only a photo" });
    expect(empty.error).toContain("not-acceptable");
    expect(empty.error).toContain("Enter a display name.");
    // Nobody else's card can be set.
    expect((await vcardAnswer(client, "set", "someone-else@localhost", { FN: "Not mine" })).error).toContain("forbidden");
    expect((await vcardAnswer(client, "get")).card).toMatchObject({ FN: "Carla Card" });
    const profile = await ask(me.socket, "presence:fetch", { username: me.username });
    expect(profile.ok && profile.data.displayName).toBe("Carla Card");
  });

  it("answers a contact's vCard with the display name the web app shows, and renames the roster item with it", async () => {
    const web = await connectedUser(endpoint.server(), "cardweb");
    await ask(web.socket, "profile:set-display-name", { displayName: "Webb Weber" });
    const { username } = await connectedUser(endpoint.server(), "cardxmpp");
    const client = await signedIn(username);
    expect(await vcardAnswer(client, "get", `${web.username}@localhost`)).toMatchObject({
      type: "result",
      card: { FN: "Webb Weber", NICKNAME: "Webb Weber", JABBERID: `${web.username}@localhost` },
    });

    await rosterOf(client);
    await client.send(xml("presence"));
    await client.send(xml("presence", { type: "subscribe", to: `${web.username}@localhost` }));
    await ask(web.socket, "subscription:respond", { username, approve: true });
    const itemNamed = (name: string) => (stanza: Element) =>
      stanza.name === "iq" && stanza.attrs.type === "set" && stanza.getChild("query")?.getChild("item")?.attrs.name === name;
    await client.waitFor(itemNamed("Webb Weber"));
    await ask(web.socket, "profile:set-display-name", { displayName: "W. Weber" });
    await client.waitFor(itemNamed("W. Weber"));
    expect((await rosterOf(client)).map((item) => item.name)).toEqual(["W. Weber"]);
  });

  it("names the requester with its display name as nick on a request, and ignores a nick an XMPP app sends", async () => {
    const web = await connectedUser(endpoint.server(), "nickweb");
    await ask(web.socket, "profile:set-display-name", { displayName: "Rita Requester" });
    const xmppUser = await connectedUser(endpoint.server(), "nickxmpp");
    const client = await signedIn(xmppUser.username);
    await client.send(xml("presence"));
    await ask(web.socket, "subscription:request", { username: xmppUser.username });
    const request = await client.waitFor((stanza) => stanza.name === "presence" && stanza.attrs.type === "subscribe" && from(web.username)(stanza));
    expect(request.getChildText("nick", NICK)).toBe("Rita Requester");

    // A nick the XMPP app puts on its own request is not the requester's name: the web app shows the account's.
    const other = await connectedUser(endpoint.server(), "nicktarget");
    const asked = nextEvent(other.socket, "buddylist:snapshot");
    await client.send(xml("presence", { type: "subscribe", to: `${other.username}@localhost` }, xml("nick", { xmlns: NICK }, "Someone Famous")));
    expect((await asked).incoming).toEqual([expect.objectContaining({ username: xmppUser.username, displayName: xmppUser.username })]);
  });
});

describe("XMPP stream errors", () => {
  /** What the server writes back to these bytes, until it closes the stream. */
  function answerTo(bytes: string): Promise<string> {
    return new Promise((resolve, reject) => {
      const socket = tcpConnect(endpoint.port(), "127.0.0.1", () => socket.write(bytes));
      let answer = "";
      socket.setEncoding("utf8").on("data", (chunk: string) => (answer += chunk));
      socket.on("close", () => resolve(answer));
      socket.on("error", reject);
    });
  }
  const header = "<?xml version='1.0'?><stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' to='localhost' version='1.0'>";
  const streamError = (answer: string) => /<stream:error><([a-z-]+) xmlns=["']urn:ietf:params:xml:ns:xmpp-streams["']/.exec(answer)?.[1];

  it("ends the stream with restricted-xml for a comment, a processing instruction, a DTD or an entity", async () => {
    expect(streamError(await answerTo(`${header}<!-- hello -->`))).toBe("restricted-xml");
    expect(streamError(await answerTo(`${header}<presence><?pi x?></presence>`))).toBe("restricted-xml");
    expect(streamError(await answerTo(`${header}<message><body>&xxe;</body></message>`))).toBe("restricted-xml");
    const dtd = await answerTo("<?xml version='1.0'?><!DOCTYPE lol [<!ENTITY lol 'lol'>]><stream:stream to='localhost'>");
    expect(dtd.startsWith("<?xml version='1.0'?><stream:stream ")).toBe(true);
    expect(streamError(dtd)).toBe("restricted-xml");
  });

  it("ends the stream with not-well-formed for broken XML", async () => {
    expect(streamError(await answerTo(`${header}<message></presence>`))).toBe("not-well-formed");
  });
});
