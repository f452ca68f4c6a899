// The XMPP endpoint's messaging extensions, through a client library nobody here wrote
// (@xmpp/client): Message Archive Management over the inbox's history with result set paging,
// carbons to the account's other resources, receipts and chat markers as delivered and read,
// chat states as typing, and blocking as the access rule `block`.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Element } from "@xmpp/xml";
import { freePort } from "../free-port";
import { ask, connectedUser, nextEvent, PASSWORD, removeDataDir, startServer, type TestServer } from "./harness";
import { xml, xmppClient, type XmppTestClient } from "./xmpp-client";

const MAM = "urn:xmpp:mam:2";
const RSM = "http://jabber.org/protocol/rsm";

let server: TestServer;
let xmppPort: number;
const open: XmppTestClient[] = [];

beforeAll(async () => {
  xmppPort = await freePort();
  server = await startServer({ env: { XMPP_PORT: String(xmppPort), XMPP_TLS_PORT: "off", XMPP_DOMAIN: "localhost" } });
});

afterAll(async () => {
  await Promise.all(open.map((client) => client.stop()));
  await server?.stop();
  if (server) await removeDataDir(server.dataDir);
});

async function signedIn(username: string, resource?: string) {
  const client = await xmppClient(xmppPort, username, PASSWORD, { resource });
  open.push(client);
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
    const web = await connectedUser(server, "mamweb");
    const other = await connectedUser(server, "mamother");
    const me = await connectedUser(server, "mam");
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
