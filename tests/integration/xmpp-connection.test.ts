// The XMPP endpoint's connection-level XEPs through @xmpp/client, a client library nobody here
// wrote: stream management (XEP-0198) with resumption after a cut connection, entity
// capabilities (XEP-0115) and the disco#info they hash, XMPP over WebSocket (RFC 7395) found
// through host-meta (XEP-0156), HTTP File Upload (XEP-0363) onto the attachments store, client
// state indication (XEP-0352) holding back what a phone in the background can do without.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import type { Element } from "@xmpp/xml";
import { freePort } from "../free-port";
import { ask, connectedUser, nextEvent, removeDataDir, startServer, type TestServer } from "./harness";
import { verificationString } from "@/lib/xmpp/caps";
import { xml, xmppClient, type XmppTestClient } from "./xmpp-client";

const DISCO_INFO = "http://jabber.org/protocol/disco#info";

let server: TestServer;
let xmppPort: number;
const open: XmppTestClient[] = [];

beforeAll(async () => {
  xmppPort = await freePort();
  const webPort = await freePort();
  server = await startServer({
    env: {
      XMPP_PORT: String(xmppPort),
      XMPP_TLS_PORT: "off",
      XMPP_DOMAIN: "localhost",
      // A grace period long enough for @xmpp/client's reconnection (it waits a second).
      PRESENCE_GRACE_MS: "20000",
      // Upload slots are URLs of the app's public address.
      PORT: String(webPort),
      AUTH_URL: `http://127.0.0.1:${webPort}`,
      ATTACHMENT_MAX_BYTES: "100000",
    },
  });
});

afterAll(async () => {
  await Promise.all(open.map((client) => client.stop()));
  await server?.stop();
  if (server) await removeDataDir(server.dataDir);
});

async function signedIn(username: string, service?: string) {
  const client = await xmppClient(xmppPort, username, "a long test password 42", { service });
  open.push(client);
  await client.waitForNonza((element) => element.name === "enabled");
  return client;
}

type StreamManagement = { enabled: boolean; id: string; on(event: string, listener: () => void): void };
const smOf = (client: XmppTestClient) => (client.xmpp as unknown as { streamManagement: StreamManagement }).streamManagement;
type NodeSocket = { pause(): void; destroy(): void };
/** The TLS socket under @xmpp/client's wrapper. */
const socketOf = (client: XmppTestClient) => (client.xmpp as unknown as { socket: { socket: NodeSocket } }).socket.socket;

const bodies = (client: XmppTestClient) =>
  client.received.filter((stanza) => stanza.name === "message" && stanza.getChildText("body") !== null).map((stanza) => stanza.getChildText("body"));
const chatWith = (body: string) => (stanza: Element) => stanza.name === "message" && stanza.getChildText("body") === body;

async function webSays(socket: Parameters<typeof ask>[0], to: string, body: string) {
  const sent = await ask(socket, "im:send", { to, clientId: crypto.randomUUID(), body });
  expect(sent.ok).toBe(true);
}

describe("stream management (XEP-0198)", () => {
  it("resumes a cut connection: what was in flight arrives once, what was sent is stored once", async () => {
    const web = await connectedUser(server, "smweb");
    const { username } = await connectedUser(server, "smxmpp");
    const client = await signedIn(username);
    const sm = smOf(client);
    // Nothing in flight when <enabled/> arrives: xmpp.js counts from the moment it has read it.
    await client.waitForNonza((element) => element.name === "enabled");
    expect(sm.enabled).toBe(true);
    expect(sm.id).not.toBe("");
    await client.send(xml("presence"));

    await webSays(web.socket, username, "one");
    await webSays(web.socket, username, "two");
    await client.waitFor(chatWith("two"));
    await client.send(xml("message", { type: "chat", to: `${web.username}@localhost`, id: "c1" }, xml("body", {}, "from the phone")));

    // The connection dies: the client stops reading, a message goes out into the void, the socket is gone.
    const resumed = new Promise<void>((resolve) => sm.on("resumed", resolve));
    const socket = socketOf(client);
    socket.pause();
    await webSays(web.socket, username, "three, in flight");
    socket.destroy();
    await webSays(web.socket, username, "four, while away");

    await resumed;
    await client.waitFor(chatWith("four, while away"), 10_000);
    const arrived = new Promise<void>((resolve) =>
      web.socket.on("im:received", ({ message }) => message.body === "after resuming" && resolve()),
    );
    await client.send(xml("message", { type: "chat", to: `${web.username}@localhost`, id: "c2" }, xml("body", {}, "after resuming")));
    await arrived;
    expect(bodies(client)).toEqual(["one", "two", "three, in flight", "four, while away"]);

    const history = await ask(web.socket, "im:history", { peer: username });
    if (!history.ok) throw new Error("im:history failed");
    const fromPhone = history.data.messages.filter((message) => message.direction === "incoming").map((message) => message.body);
    expect(fromPhone.sort()).toEqual(["after resuming", "from the phone"]);
  });

  it("keeps what a session that is not resumed never acknowledged in the inbox for the next sign-in", async () => {
    const web = await connectedUser(server, "smweb2");
    const { username } = await connectedUser(server, "smgone");
    const client = await signedIn(username);
    await client.send(xml("presence"));
    // Written to first, so the web user's messages are not a request (requests stay undelivered anyway).
    const asked = nextEvent(web.socket, "im:received");
    await client.send(xml("message", { type: "chat", to: `${web.username}@localhost`, id: "hi" }, xml("body", {}, "hi")));
    await asked;
    (client.xmpp as unknown as { reconnect: { stop(): void } }).reconnect.stop();
    const socket = socketOf(client);
    socket.pause();
    await webSays(web.socket, username, "never acknowledged");
    socket.destroy();

    const next = await signedIn(username);
    await next.send(xml("presence"));
    const waited = await next.waitFor(chatWith("never acknowledged"));
    expect(waited.getChild("delay", "urn:xmpp:delay")).toBeDefined();
  });

  it("answers a request for acknowledgement with the count of stanzas handled", async () => {
    const { username } = await connectedUser(server, "smcount");
    const client = await signedIn(username);
    await client.send(xml("presence"));
    await client.iq("get", xml("ping", { xmlns: "urn:xmpp:ping" }), "localhost");
    const acked = new Promise<Element>((resolve) =>
      client.xmpp.on("nonza", (element: Element) => element.name === "a" && resolve(element)),
    );
    await client.send(xml("r", { xmlns: "urn:xmpp:sm:3" }));
    // The presence and the ping, and nothing the server did not get.
    expect((await acked).attrs.h).toBe("2");
  });
});

describe("stanza order (RFC 6120 §10.1)", () => {
  it("stores and delivers messages a client sends back to back in the order it sent them", async () => {
    const web = await connectedUser(server, "orderweb");
    const { username } = await connectedUser(server, "orderxmpp");
    const client = await signedIn(username);
    await client.send(xml("presence"));
    // Written to first, so the phone's messages are not a request.
    await webSays(web.socket, username, "go");
    await client.waitFor(chatWith("go"));

    const sent = ["1", "2", "3", "4", "5"].map((n) => `in order ${n}`);
    const received: string[] = [];
    const all = new Promise<void>((resolve) =>
      web.socket.on("im:received", ({ message }) => {
        if (received.push(message.body) === sent.length) resolve();
      }),
    );
    // None waits for the server: they reach it one right after the other.
    await Promise.all(sent.map((body, i) => client.send(xml("message", { type: "chat", to: `${web.username}@localhost`, id: `o${i}` }, xml("body", {}, body)))));
    await all;
    expect(received).toEqual(sent);
    const history = await ask(web.socket, "im:history", { peer: username });
    if (!history.ok) throw new Error("im:history failed");
    const stored = history.data.messages.filter((message) => message.direction === "incoming").map((message) => message.body);
    expect(stored).toEqual([...sent].reverse()); // newest first
  });
});

const CSI = "urn:xmpp:csi:0";
const CHAT_STATES = "http://jabber.org/protocol/chatstates";

describe("client state indication (XEP-0352)", () => {
  type WebUser = Awaited<ReturnType<typeof connectedUser>>;

  /** A web user and an XMPP user who are each other's contacts, the XMPP user signed in twice: a phone and a desktop. */
  async function contactsOnPhoneAndDesk(prefix: string) {
    const web = await connectedUser(server, `${prefix}web`);
    const me = await connectedUser(server, prefix);
    await ask(web.socket, "subscription:request", { username: me.username });
    await ask(me.socket, "subscription:respond", { username: web.username, approve: true });
    await ask(me.socket, "subscription:request", { username: web.username });
    await ask(web.socket, "subscription:respond", { username: me.username, approve: true });
    const phone = await signedIn(me.username);
    const desk = await xmppClient(xmppPort, me.username, "a long test password 42", { resource: "desk" });
    open.push(desk);
    for (const client of [phone, desk]) {
      await client.send(xml("presence"));
      await client.waitFor(presenceOf(web));
    }
    return { web, me, phone, desk };
  }

  const presenceOf = (web: WebUser, note?: string) => (stanza: Element) =>
    stanza.name === "presence" && (stanza.attrs.from ?? "").startsWith(`${web.username}@localhost`) && (note === undefined || stanza.getChildText("status") === note);
  const isTyping = (stanza: Element) => !!stanza.getChild("composing", CHAT_STATES);
  /** Everything the server had sent the client before it answers a ping. */
  const roundTrip = (client: XmppTestClient) => client.iq("get", xml("ping", { xmlns: "urn:xmpp:ping" }), "localhost");

  /** The web user changes status; the desktop, which is active, has it once every resource was told. */
  async function status(web: WebUser, desk: XmppTestClient, availability: string, note: string) {
    const before = new Set(desk.received);
    await ask(web.socket, "presence:set-status", { availability, note });
    await desk.waitFor((stanza) => !before.has(stanza) && presenceOf(web, note)(stanza));
  }

  async function inactive(phone: XmppTestClient) {
    await phone.send(xml("inactive", { xmlns: CSI }));
    await roundTrip(phone);
  }

  it("is offered with binding and stream management", async () => {
    const { username } = await connectedUser(server, "csifeature");
    const client = await signedIn(username);
    const features = client.nonzas.find((element) => element.name === "stream:features" && element.getChild("bind"));
    expect(features?.getChild("csi", CSI)).toBeDefined();
    expect(features?.getChild("sm", "urn:xmpp:sm:3")).toBeDefined();
  });

  it("while inactive holds presence and drops typing, and a message comes at once, after the newest presence", async () => {
    const { web, me, phone, desk } = await contactsOnPhoneAndDesk("csimsg");
    await inactive(phone);
    const from = phone.received.length;
    const sinceInactive = () => phone.received.slice(from);

    await status(web, desk, "away", "lunch");
    await status(web, desk, "busy", "in a meeting");
    await ask(web.socket, "im:typing", { to: me.username, typing: true });
    await desk.waitFor(isTyping);
    await roundTrip(phone);
    expect(sinceInactive().filter(presenceOf(web))).toEqual([]);

    await webSays(web.socket, me.username, "are you there?");
    await phone.waitFor(chatWith("are you there?"));
    const got = sinceInactive().filter((stanza) => presenceOf(web)(stanza) || isTyping(stanza) || chatWith("are you there?")(stanza));
    expect(got.map((stanza) => (stanza.name === "presence" ? stanza.getChildText("status") : stanza.getChildText("body")))).toEqual([
      "in a meeting",
      "are you there?",
    ]);

    // Nothing was left for <active/>.
    await phone.send(xml("active", { xmlns: CSI }));
    await roundTrip(phone);
    expect(sinceInactive().filter(presenceOf(web))).toHaveLength(1);
    expect(sinceInactive().some(isTyping)).toBe(false);
  });

  it("on active sends the newest presence of each contact, and none for a contact back to what the client had", async () => {
    const { web, phone, desk } = await contactsOnPhoneAndDesk("csiactive");
    await status(web, desk, "available", "here");
    await phone.waitFor(presenceOf(web, "here"));

    await inactive(phone);
    await status(web, desk, "away", "lunch");
    await status(web, desk, "busy", "in a meeting");
    await roundTrip(phone);
    let from = phone.received.length;
    await phone.send(xml("active", { xmlns: CSI }));
    await roundTrip(phone);
    expect(phone.received.slice(from).filter(presenceOf(web)).map((stanza) => stanza.getChildText("status"))).toEqual(["in a meeting"]);

    // Away and back while the phone sleeps: it already has what it would be sent.
    await inactive(phone);
    await status(web, desk, "away", "coffee");
    await status(web, desk, "busy", "in a meeting");
    from = phone.received.length;
    await phone.send(xml("active", { xmlns: CSI }));
    await roundTrip(phone);
    expect(phone.received.slice(from).filter(presenceOf(web))).toEqual([]);
  });
});

describe("entity capabilities (XEP-0115) and service discovery", () => {
  it("announces caps whose ver is the hash of the disco#info the server answers", async () => {
    const { username } = await connectedUser(server, "caps");
    const client = await signedIn(username);
    const c = client.nonzas.find((element) => element.name === "stream:features")?.getChild("c", "http://jabber.org/protocol/caps");
    expect(c?.attrs.hash).toBe("sha-1");

    const info = await client.iq("get", xml("query", { xmlns: DISCO_INFO }), "localhost");
    const query = info.getChild("query")!;
    const vars = query.getChildren("feature").map((feature) => feature.attrs.var!);
    expect(vars).toEqual(expect.arrayContaining(["urn:xmpp:sm:3", "http://jabber.org/protocol/caps", "urn:xmpp:ping", "jabber:iq:roster"]));
    const identities = query.getChildren("identity").map(({ attrs }) => ({ category: attrs.category!, type: attrs.type!, name: attrs.name }));
    expect(c?.attrs.ver).toBe(verificationString(identities, vars));

    // What a client that has not seen this ver asks: the same answer, under the caps node.
    const byNode = await client.iq("get", xml("query", { xmlns: DISCO_INFO, node: `${c!.attrs.node}#${c!.attrs.ver}` }), "localhost");
    expect(byNode.getChild("query")!.getChildren("feature").map((feature) => feature.attrs.var)).toEqual(vars);
  });
});

describe("XMPP over WebSocket (RFC 7395)", () => {
  it("is found through host-meta and carries a conversation with a web user", async () => {
    const meta = await fetch(`${server.url}/.well-known/host-meta.json`);
    expect(meta.headers.get("access-control-allow-origin")).toBe("*");
    const service = ((await meta.json()) as { links: { rel: string; href: string }[] }).links.find(
      (link) => link.rel === "urn:xmpp:alt-connections:websocket",
    )!.href;
    expect(service).toBe(`${server.url.replace("http:", "ws:")}/xmpp-websocket`);
    const xrd = await (await fetch(`${server.url}/.well-known/host-meta`)).text();
    expect(xrd).toContain(`href="${service}"`);

    // Node 20 has no WebSocket of its own; xmpp.js uses the global one.
    (globalThis as { WebSocket?: unknown }).WebSocket ??= WebSocket;
    const web = await connectedUser(server, "wsweb");
    const { username } = await connectedUser(server, "wsxmpp");
    const client = await signedIn(username, service);
    await client.send(xml("presence"));
    await webSays(web.socket, username, "hello over websocket");
    await client.waitFor(chatWith("hello over websocket"));
    const arrived = nextEvent(web.socket, "im:received");
    await client.send(xml("message", { type: "chat", to: `${web.username}@localhost`, id: "w1" }, xml("body", {}, "and back")));
    expect((await arrived).message).toMatchObject({ body: "and back", peer: username });
  });

  it("refuses a page of another site, as the socket.io endpoint does", async () => {
    const url = `${server.url.replace("http:", "ws:")}/xmpp-websocket`;
    const outcome = (origin: string) =>
      new Promise<string>((resolve) => {
        const socket = new WebSocket(url, ["xmpp"], { origin });
        socket.on("open", () => {
          socket.close();
          resolve("open");
        });
        socket.on("unexpected-response", (_request, response) => resolve(String(response.statusCode)));
        socket.on("error", () => resolve("error"));
      });
    expect(await outcome("https://evil.example")).toBe("403");
    expect(await outcome(new URL(server.url).origin)).toBe("open");
  });
});

describe("HTTP File Upload (XEP-0363)", () => {
  const UPLOAD = "urn:xmpp:http:upload:0";
  const slotRequest = (client: XmppTestClient, size: number) =>
    client.iq("get", xml("request", { xmlns: UPLOAD, filename: "notes.txt", size: String(size), "content-type": "text/plain" }), "localhost");

  it("gives a slot within the limits, stores the PUT, serves the GET, and the URL sent lands as an attachment", async () => {
    const web = await connectedUser(server, "upweb");
    const { username } = await connectedUser(server, "upxmpp");
    const client = await signedIn(username);
    await client.send(xml("presence"));
    const info = await client.iq("get", xml("query", { xmlns: DISCO_INFO }), "localhost");
    expect(info.getChild("query")!.getChildren("feature").map((feature) => feature.attrs.var)).toContain(UPLOAD);

    const content = Buffer.from("shopping: milk, bread, a new XMPP client\n".repeat(20));
    const slot = (await slotRequest(client, content.length)).getChild("slot", UPLOAD)!;
    const putUrl = slot.getChild("put")!.attrs.url!;
    const getUrl = slot.getChild("get")!.attrs.url!;
    expect(putUrl.startsWith(`${server.url}/`)).toBe(true);

    expect((await fetch(getUrl)).status).toBe(404); // nothing there before the PUT
    const wrongSize = await fetch(putUrl, { method: "PUT", body: content.subarray(1) });
    expect(wrongSize.status).toBe(400);
    const stored = await fetch(putUrl, { method: "PUT", body: content, headers: { "Content-Type": "text/plain" } });
    expect(stored.status).toBe(201);
    const fetched = await fetch(getUrl);
    expect(fetched.status).toBe(200);
    expect(Buffer.from(await fetched.arrayBuffer()).equals(content)).toBe(true);
    expect((await fetch(getUrl.replace(/\/[\w-]{32}\//, "/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA/"))).status).toBe(404);

    const arrived = nextEvent(web.socket, "im:received");
    await client.send(
      xml(
        "message",
        { type: "chat", to: `${web.username}@localhost`, id: "file1" },
        xml("body", {}, getUrl),
        xml("x", { xmlns: "jabber:x:oob" }, xml("url", {}, getUrl)),
      ),
    );
    const { message } = await arrived;
    expect(message.attachments.map((attachment) => attachment.name)).toEqual(["notes.txt"]);
  });

  it("refuses a file above the web upload's limit with file-too-large and the limit", async () => {
    const { username } = await connectedUser(server, "uplarge");
    const client = await signedIn(username);
    // xmpp.js rejects with the <error/> element of the answer.
    const error = await slotRequest(client, 100_001).then(
      () => null,
      (refusal: { element?: Element }) => refusal.element ?? null,
    );
    expect(error?.getChild("not-acceptable", "urn:ietf:params:xml:ns:xmpp-stanzas")).toBeDefined();
    expect(error?.getChild("file-too-large", UPLOAD)?.getChildText("max-file-size")).toBe("100000");
  });
});
