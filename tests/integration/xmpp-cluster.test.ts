// XMPP sessions in a cluster: an XMPP app connected to one instance gets the messages, typing,
// receipts, blocklist pushes, buddy-list changes and group traffic made on another, as a socket there would. Two instances on one
// PostgreSQL database and one Redis; runs in the PostgreSQL pass of the suite.
import { randomBytes, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Element } from "@xmpp/xml";
import { freePort } from "../free-port";
import { ask, connect, nextEvent, newUser, PASSWORD, removeDataDir, startServer, testDataDir, type TestServer } from "./harness";
import { onPostgres } from "./postgres";
import { startRedis, type TestRedis } from "./redis";
import { xml, xmppClient, type XmppTestClient } from "./xmpp-client";

let redis: TestRedis;
let instances: TestServer[] = [];
const xmppPorts: number[] = [];
let dataDir: string;
const open: XmppTestClient[] = [];

describe.runIf(onPostgres())("XMPP sessions in a cluster of two instances", () => {
  beforeAll(async () => {
    redis = await startRedis();
    dataDir = testDataDir();
    const prefix = `test-${randomBytes(4).toString("hex")}:`;
    const start = async (index: number) => {
      xmppPorts[index] = await freePort();
      return startServer({
        dataDir,
        env: {
          REDIS_URL: redis.url,
          REDIS_PREFIX: prefix,
          INSTANCE_ID: `instance-${index}`,
          XMPP_PORT: String(xmppPorts[index]),
          XMPP_TLS_PORT: "off",
          XMPP_DOMAIN: "localhost",
        },
      });
    };
    // The first instance applies the migrations; the second finds them applied.
    instances = [await start(0)];
    instances.push(await start(1));
  });

  afterAll(async () => {
    await Promise.all(open.map((client) => client.stop()));
    await Promise.all(instances.map((instance) => instance.stop()));
    await redis?.stop();
    if (dataDir) await removeDataDir(dataDir);
  });

  it("delivers a web user's message, typing and receipt on instance 0 to an XMPP app on instance 1, and its roster and blocklist changes", async () => {
    const web = await newUser(instances[0]!, "cweb");
    const { socket } = await connect(instances[0]!, web.cookie);
    const { username, cookie: ownCookie } = await newUser(instances[1]!, "cxmpp");
    const client = await xmppClient(xmppPorts[1]!, username, PASSWORD);
    open.push(client);
    await client.iq("get", xml("query", { xmlns: "jabber:iq:roster" }));
    await client.send(xml("presence"));

    // Buddy list: the XMPP user asks, the web user on the other instance approves.
    await client.send(xml("presence", { type: "subscribe", to: `${web.username}@localhost` }));
    await client.waitFor((stanza) => stanza.name === "iq" && !!stanza.getChild("query")?.getChild("item")?.attrs.ask);
    const approved = await ask(socket, "subscription:respond", { username, approve: true });
    expect(approved.ok).toBe(true);
    const approvedItem = (stanza: Element) => stanza.name === "iq" && stanza.getChild("query")?.getChild("item")?.attrs.subscription === "to";
    await client.waitFor(approvedItem, 10_000);

    // Typing and a message from the web user's instance.
    await ask(socket, "im:typing", { to: username, typing: true });
    await client.waitFor((stanza) => stanza.name === "message" && !!stanza.getChild("composing"), 10_000);
    const sent = await ask(socket, "im:send", { to: username, clientId: randomUUID(), body: "across instances" });
    expect(sent.ok).toBe(true);
    const message = await client.waitFor((stanza) => stanza.name === "message" && stanza.getChildText("body") === "across instances", 10_000);
    expect(message.attrs.from).toBe(`${web.username}@localhost/buddylist`);

    // The web tab on instance 0 confirms the app's message: the receipt reaches the app on instance 1.
    const arrived = nextEvent(socket, "im:received");
    await client.send(xml("message", { type: "chat", to: `${web.username}@localhost`, id: "cluster-1" }, xml("body", {}, "got it?")));
    const received = (await arrived).message;
    await ask(socket, "im:confirm-delivery", { ids: [received.id] });
    await client.waitFor((stanza) => stanza.getChild("received", "urn:xmpp:receipts")?.attrs.id === "cluster-1", 10_000);

    // The app's own account blocks someone from a web tab on instance 0: the blocklist push reaches it.
    await client.iq("get", xml("blocklist", { xmlns: "urn:xmpp:blocking" }));
    const own = await connect(instances[0]!, ownCookie);
    await ask(own.socket, "privacy:quick-rule", { username: web.username, action: "block" });
    await client.waitFor(
      (stanza) => stanza.getChild("block", "urn:xmpp:blocking")?.getChild("item")?.attrs.jid === `${web.username}@localhost`,
      10_000,
    );
    own.socket.close();
    socket.close();
  });

  it("carries a group's messages and changes made on instance 0 to an XMPP app in its room on instance 1", async () => {
    const ann = await newUser(instances[0]!, "cgann");
    const { socket } = await connect(instances[0]!, ann.cookie);
    const others = [await newUser(instances[1]!, "cgbob"), await newUser(instances[1]!, "cgcy")];
    const created = await ask(socket, "groupchat:create", { clientId: randomUUID(), name: "Cluster", members: others.map((other) => other.username) });
    if (!created.ok) throw new Error(`groupchat:create failed: ${JSON.stringify(created.error)}`);
    const groupId = (created.data as { id: string }).id;
    const room = `${groupId}@groups.localhost`;
    const bob = others[0]!.username;
    const client = await xmppClient(xmppPorts[1]!, bob, PASSWORD);
    open.push(client);
    await client.send(xml("presence"));
    // Added by a non-contact, bob's group waits for an answer: the join accepts it.
    await client.send(xml("presence", { to: `${room}/${bob}` }, xml("x", { xmlns: "http://jabber.org/protocol/muc" })));
    await client.waitFor((stanza) => stanza.name === "message" && stanza.attrs.from === room && stanza.getChild("subject") !== undefined, 10_000);

    await ask(socket, "groupchat:typing", { groupId, typing: true });
    await client.waitFor((stanza) => stanza.name === "message" && stanza.attrs.from === `${room}/${ann.username}` && !!stanza.getChild("composing"), 10_000);
    const sent = await ask(socket, "groupchat:send", { groupId, clientId: randomUUID(), body: "to the room across instances" });
    expect(sent.ok).toBe(true);
    const message = await client.waitFor((stanza) => stanza.name === "message" && stanza.getChildText("body") === "to the room across instances", 10_000);
    expect(message.attrs).toMatchObject({ type: "groupchat", from: `${room}/${ann.username}` });
    await ask(socket, "groupchat:rename", { groupId, name: "Cluster 2" });
    await client.waitFor((stanza) => stanza.attrs.from === room && stanza.getChildText("subject") === "Cluster 2", 10_000);
    socket.close();
  });
});
