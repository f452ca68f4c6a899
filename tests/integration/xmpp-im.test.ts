// The XMPP endpoint's messaging extensions, through a client library nobody here wrote
// (@xmpp/client): Message Archive Management over the inbox's history with result set paging,
// carbons to the account's other resources, receipts and chat markers as delivered and read,
// chat states as typing, and blocking as the access rule `block`.
import { describe, expect, it } from "vitest";
import type { Element } from "@xmpp/xml";
import { ask, connectedUser, nextEvent, PASSWORD } from "./harness";
import { xmppTestServer } from "./xmpp/test-server";
import { xml, xmppClient, type XmppTestClient } from "./xmpp-client";

const MAM = "urn:xmpp:mam:2";
const RSM = "http://jabber.org/protocol/rsm";

const endpoint = xmppTestServer();

async function signedIn(username: string, resource?: string) {
  const client = endpoint.track(await xmppClient(endpoint.port(), username, PASSWORD, { resource }));
  await client.send(xml("presence"));
  return client;
}

type WebUser = Awaited<ReturnType<typeof connectedUser>>;

/** Two accounts that are each other's contacts, so messages land in accepted conversations. */
async function contacts(a: WebUser, b: WebUser) {
  await ask(a.socket, "subscription:request", { username: b.username });
  await ask(b.socket, "subscription:respond", { username: a.username, approve: true });
  await ask(b.socket, "subscription:request", { username: a.username });
  await ask(a.socket, "subscription:respond", { username: b.username, approve: true });
}

async function webSend(user: WebUser, to: string, body: string) {
  const sent = await ask(user.socket, "im:send", { to, clientId: crypto.randomUUID(), body });
  if (!sent.ok) throw new Error(`im:send failed: ${JSON.stringify(sent)}`);
  return sent.data;
}

const bodyIs = (body: string) => (stanza: Element) => stanza.name === "message" && stanza.getChildText("body") === body;

/** A MAM query: the forwarded messages' bodies, the result set's first/last, and `complete`. */
async function archive(client: XmppTestClient, fields: Record<string, string>, set: Element[] = []) {
  const queryId = crypto.randomUUID();
  const form = xml(
    "x",
    { xmlns: "jabber:x:data", type: "submit" },
    xml("field", { var: "FORM_TYPE", type: "hidden" }, xml("value", {}, MAM)),
    ...Object.entries(fields).map(([name, value]) => xml("field", { var: name }, xml("value", {}, value))),
  );
  const result = await client.iq("set", xml("query", { xmlns: MAM, queryid: queryId }, form, xml("set", { xmlns: RSM }, ...set)));
  const fin = result.getChild("fin", MAM)!;
  const results = client.received.filter((stanza) => stanza.getChild("result", MAM)?.attrs.queryid === queryId);
  const forwardedOf = (stanza: Element) => stanza.getChild("result", MAM)!.getChild("forwarded", "urn:xmpp:forward:0")!.getChild("message")!;
  return {
    bodies: results.map((stanza) => forwardedOf(stanza).getChildText("body")),
    ids: results.map((stanza) => stanza.getChild("result", MAM)!.attrs.id!),
    first: fin.getChild("set", RSM)?.getChildText("first"),
    last: fin.getChild("set", RSM)?.getChildText("last"),
    complete: fin.attrs.complete === "true",
    forwarded: results.map(forwardedOf),
  };
}

describe("XMPP message archive (XEP-0313)", () => {
  it("pages through the conversation the web app shows, by peer and time, before and after", async () => {
    const web = await connectedUser(endpoint.server(), "mamweb");
    const other = await connectedUser(endpoint.server(), "mamother");
    const me = await connectedUser(endpoint.server(), "mam");
    await contacts(web, me);
    const client = await signedIn(me.username);
    for (const body of ["one", "two", "three"]) {
      await webSend(web, me.username, body);
      await client.waitFor(bodyIs(body));
    }
    await client.send(xml("message", { type: "chat", to: `${web.username}@localhost`, id: "x1" }, xml("body", {}, "four")));
    await nextEvent(web.socket, "im:received");
    await webSend(other, me.username, "from someone else");
    await client.waitFor(bodyIs("from someone else"));

    // Every message the client got carries the stanza id the archive knows it by.
    const live = client.received.find(bodyIs("one"))!;
    const stanzaId = live.getChild("stanza-id", "urn:xmpp:sid:0")!.attrs.id;

    const all = await archive(client, { with: `${web.username}@localhost` });
    expect(all).toMatchObject({ bodies: ["one", "two", "three", "four"], complete: true });
    expect(all.ids[0]).toBe(stanzaId);
    expect(all.forwarded[3]!.attrs.from).toBe(`${me.username}@localhost`);
    expect(all.forwarded[0]!.attrs.from?.startsWith(`${web.username}@localhost`)).toBe(true);
    expect((await archive(client, {})).bodies).toEqual(["one", "two", "three", "four", "from someone else"]);

    // RSM: the newest two, then the two before them; then forwards after the first.
    const newest = await archive(client, { with: `${web.username}@localhost` }, [xml("max", {}, "2"), xml("before")]);
    expect(newest).toMatchObject({ bodies: ["three", "four"], complete: false });
    const older = await archive(client, { with: `${web.username}@localhost` }, [xml("max", {}, "2"), xml("before", {}, newest.first!)]);
    expect(older).toMatchObject({ bodies: ["one", "two"], complete: true });
    const forwards = await archive(client, { with: `${web.username}@localhost` }, [xml("max", {}, "2"), xml("after", {}, older.first!)]);
    expect(forwards).toMatchObject({ bodies: ["two", "three"], complete: false });

    // Time range: nothing before the first message was stored, everything from it on.
    expect((await archive(client, { with: `${web.username}@localhost`, end: "2000-01-01T00:00:00Z" })).bodies).toEqual([]);
    expect((await archive(client, { with: `${web.username}@localhost`, start: "2000-01-01T00:00:00Z" })).bodies).toHaveLength(4);

    // A message id that is not in this archive is refused; a bad field too.
    await expect(archive(client, {}, [xml("after", {}, crypto.randomUUID())])).rejects.toThrow(/item-not-found/);
    await expect(archive(client, { color: "blue" })).rejects.toThrow(/bad-request/);
  });
});

const CARBONS = "urn:xmpp:carbons:2";
const sentCopyOf = (body: string) => (stanza: Element) =>
  stanza.getChild("sent", CARBONS)?.getChild("forwarded", "urn:xmpp:forward:0")?.getChild("message")?.getChildText("body") === body;

describe("XMPP carbons (XEP-0280)", () => {
  it("copies what the account sends from another resource or a web tab to a resource that enabled them", async () => {
    const peer = await connectedUser(endpoint.server(), "carbonpeer");
    const me = await connectedUser(endpoint.server(), "carbon");
    await contacts(peer, me);
    const phone = await signedIn(me.username, "phone");
    const desktop = await signedIn(me.username, "desktop");
    await desktop.iq("set", xml("enable", { xmlns: CARBONS }));

    await phone.send(xml("message", { type: "chat", to: `${peer.username}@localhost`, id: "c1" }, xml("body", {}, "from the phone")));
    const copy = await desktop.waitFor(sentCopyOf("from the phone"));
    expect(copy.attrs.from).toBe(`${me.username}@localhost`);
    const inner = copy.getChild("sent", CARBONS)!.getChild("forwarded", "urn:xmpp:forward:0")!.getChild("message")!;
    expect(inner.attrs.to).toBe(`${peer.username}@localhost`);

    await webSend(me, peer.username, "from the web tab");
    await desktop.waitFor(sentCopyOf("from the web tab"));

    // Received messages reach both resources anyway; the phone, without carbons, got no copies.
    await webSend(peer, me.username, "to both");
    await Promise.all([phone.waitFor(bodyIs("to both")), desktop.waitFor(bodyIs("to both"))]);
    expect(phone.received.some(sentCopyOf("from the web tab"))).toBe(false);

    // Disabled: the next one sent elsewhere is not copied (the one after it, sent from the desktop itself, marks the point).
    await desktop.iq("set", xml("disable", { xmlns: CARBONS }));
    await webSend(me, peer.username, "not copied");
    await phone.iq("set", xml("enable", { xmlns: CARBONS }));
    await webSend(me, peer.username, "copied to the phone");
    await phone.waitFor(sentCopyOf("copied to the phone"));
    expect(desktop.received.some(sentCopyOf("not copied"))).toBe(false);
    expect(phone.received.some(sentCopyOf("from the phone"))).toBe(false);
  });

  it("makes no copy of a message marked <private/> with the no-copy hint, while the web tab still shows it", async () => {
    const peer = await connectedUser(endpoint.server(), "privpeer");
    const me = await connectedUser(endpoint.server(), "private");
    await contacts(peer, me);
    const phone = await signedIn(me.username, "phone");
    const desktop = await signedIn(me.username, "desktop");
    await desktop.iq("set", xml("enable", { xmlns: CARBONS }));
    // The account's web tab hears both of its sends; the peer's hears the private one as any message.
    const webTab: string[] = [];
    const webHeardBoth = new Promise<void>((resolve) =>
      me.socket.on("im:received", ({ message }) => webTab.push(message.body) === 2 && resolve()),
    );
    const peerHeard = nextEvent(peer.socket, "im:received");

    await phone.send(
      xml(
        "message",
        { type: "chat", to: `${peer.username}@localhost`, id: "p1" },
        xml("body", {}, "off the record"),
        xml("private", { xmlns: CARBONS }),
        xml("no-copy", { xmlns: "urn:xmpp:hints" }),
      ),
    );
    expect((await peerHeard).message.body).toBe("off the record");
    // The next, unmarked send from the phone marks the point: it is copied, the private one was not.
    await phone.send(xml("message", { type: "chat", to: `${peer.username}@localhost`, id: "p2" }, xml("body", {}, "on the record")));
    await desktop.waitFor(sentCopyOf("on the record"));
    expect(desktop.received.some(sentCopyOf("off the record"))).toBe(false);
    await webHeardBoth;
    expect(webTab).toEqual(["off the record", "on the record"]);
  });
});

const RECEIPTS = "urn:xmpp:receipts";
const MARKERS = "urn:xmpp:chat-markers:0";
const receiptFor = (id: string) => (stanza: Element) => stanza.getChild("received", RECEIPTS)?.attrs.id === id;
const displayedFor = (id: string) => (stanza: Element) => stanza.getChild("displayed", MARKERS)?.attrs.id === id;

describe("XMPP receipts (XEP-0184) and chat markers (XEP-0333)", () => {
  it("are the web app's delivered and read, both ways, under the read-receipt setting", async () => {
    const web = await connectedUser(endpoint.server(), "rcptweb");
    const me = await connectedUser(endpoint.server(), "rcpt");
    await contacts(web, me);
    me.socket.close();
    const client = await signedIn(me.username);

    // Web → XMPP: the message asks for a receipt and a marker; reaching the app is "delivered",
    // the app's displayed marker is "read".
    const delivered = nextEvent(web.socket, "im:status");
    const sent = await webSend(web, me.username, "did you get this?");
    const got = await client.waitFor(bodyIs("did you get this?"));
    expect(got.getChild("request", RECEIPTS)).toBeDefined();
    expect(got.getChild("markable", MARKERS)).toBeDefined();
    expect(await delivered).toMatchObject({ status: "delivered", ids: [sent.id], peer: me.username });
    const read = nextEvent(web.socket, "im:status");
    await client.send(xml("message", { type: "chat", to: `${web.username}@localhost` }, xml("displayed", { xmlns: MARKERS, id: got.attrs.id })));
    expect(await read).toMatchObject({ status: "read", upToSeq: sent.seq, peer: me.username });

    // XMPP → web: the web tab's delivery confirmation is a receipt for the client's own id, its read a marker.
    const arrived = nextEvent(web.socket, "im:received");
    await client.send(xml("message", { type: "chat", to: `${web.username}@localhost`, id: "my-id-1" }, xml("body", {}, "yes")));
    const { message } = await arrived;
    await ask(web.socket, "im:confirm-delivery", { ids: [message.id] });
    await client.waitFor(receiptFor("my-id-1"));
    await ask(web.socket, "im:read", { peer: me.username, upToSeq: message.seq });
    await client.waitFor(displayedFor("my-id-1"));

    // With read receipts off on the web side, its reading is not told; turned on again, the next one is.
    await ask(web.socket, "im:set-settings", { readReceipts: false });
    const second = nextEvent(web.socket, "im:received");
    await client.send(xml("message", { type: "chat", to: `${web.username}@localhost`, id: "my-id-2" }, xml("body", {}, "private read")));
    const secret = (await second).message;
    await ask(web.socket, "im:read", { peer: me.username, upToSeq: secret.seq });
    await ask(web.socket, "im:set-settings", { readReceipts: true });
    const third = nextEvent(web.socket, "im:received");
    await client.send(xml("message", { type: "chat", to: `${web.username}@localhost`, id: "my-id-3" }, xml("body", {}, "open read")));
    await ask(web.socket, "im:read", { peer: me.username, upToSeq: (await third).message.seq });
    await client.waitFor(displayedFor("my-id-3"));
    expect(client.received.some(displayedFor("my-id-2"))).toBe(false);
  });
});

describe("XMPP chat states (XEP-0085)", () => {
  it("are typing notices both ways", async () => {
    const web = await connectedUser(endpoint.server(), "typeweb");
    const me = await connectedUser(endpoint.server(), "type");
    await contacts(web, me);
    const client = await signedIn(me.username);
    const typing = nextEvent(web.socket, "im:typing");
    await client.send(xml("message", { type: "chat", to: `${web.username}@localhost` }, xml("composing", { xmlns: "http://jabber.org/protocol/chatstates" })));
    expect(await typing).toEqual({ from: me.username, typing: true });
    await ask(web.socket, "im:typing", { to: me.username, typing: true });
    const composing = await client.waitFor((stanza) => !!stanza.getChild("composing", "http://jabber.org/protocol/chatstates"));
    expect(composing.attrs.from?.startsWith(`${web.username}@localhost`)).toBe(true);
  });
});

const BLOCKING = "urn:xmpp:blocking";
const itemsOf = (element: Element | undefined) => (element?.getChildren("item") ?? []).map((item) => item.attrs.jid);

describe("XMPP blocking (XEP-0191)", () => {
  it("is the block rule: list, block, unblock, pushed to resources and shown in the web app", async () => {
    const me = await connectedUser(endpoint.server(), "blocking");
    const pest = await connectedUser(endpoint.server(), "pest");
    const client = await signedIn(me.username);
    const list = async () => itemsOf((await client.iq("get", xml("blocklist", { xmlns: BLOCKING }))).getChild("blocklist", BLOCKING));
    expect(await list()).toEqual([]);

    await client.iq("set", xml("block", { xmlns: BLOCKING }, xml("item", { jid: `${pest.username}@localhost` })));
    await client.waitFor((stanza) => itemsOf(stanza.getChild("block", BLOCKING)).includes(`${pest.username}@localhost`));
    const settings = await ask(me.socket, "privacy:get", {});
    if (!settings.ok) throw new Error("privacy:get failed");
    expect(settings.data.rules[0]).toMatchObject({ subject: { type: "user", username: pest.username }, action: "block" });
    expect(await list()).toEqual([`${pest.username}@localhost`]);

    // Blocked: the pest's message fails as to an account that does not exist.
    const refused = await ask(pest.socket, "im:send", { to: me.username, clientId: crypto.randomUUID(), body: "hi" });
    const missing = await ask(pest.socket, "im:send", { to: "nobody-here-at-all", clientId: crypto.randomUUID(), body: "hi" });
    expect(refused).toEqual(missing);

    // Unblocked from the web app's privacy page: the resource hears the unblock push.
    await ask(me.socket, "privacy:quick-rule", { username: pest.username, action: "allow" });
    await client.waitFor((stanza) => itemsOf(stanza.getChild("unblock", BLOCKING)).includes(`${pest.username}@localhost`));
    await client.iq("set", xml("block", { xmlns: BLOCKING }, xml("item", { jid: `${pest.username}@localhost` })));
    await client.iq("set", xml("unblock", { xmlns: BLOCKING }));
    expect(await list()).toEqual([]);
    await expect(client.iq("set", xml("block", { xmlns: BLOCKING }, xml("item", { jid: "someone@elsewhere.example" })))).rejects.toThrow(/item-not-found/);
  });
});
