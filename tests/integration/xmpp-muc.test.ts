// The web app's group conversations as XEP-0045 rooms, through a client library nobody here
// wrote (@xmpp/client): discovery of the service and one's own rooms, joining (occupants, own
// presence, history, subject), messages both ways with the sender's reflection, a non-member
// and a missing room answered alike, a member removed in the web app leaving the room, and a
// XEP-0249 invitation when someone is added.
import { describe, expect, it } from "vitest";
import type { Element } from "@xmpp/xml";
import type { GroupMessageView, GroupSummary } from "@/lib/protocol/groups";
import { ask, connectedUser, nextEvent, PASSWORD } from "./harness";
import { xmppTestServer } from "./xmpp/test-server";
import { xml, xmppClient, type XmppTestClient } from "./xmpp-client";

const MUC = "http://jabber.org/protocol/muc";
const MUC_USER = "http://jabber.org/protocol/muc#user";
const DISCO_INFO = "http://jabber.org/protocol/disco#info";
const DISCO_ITEMS = "http://jabber.org/protocol/disco#items";

const endpoint = xmppTestServer();

type WebUser = Awaited<ReturnType<typeof connectedUser>>;

async function ok<T>(promise: Promise<unknown>): Promise<T> {
  const response = (await promise) as { ok: true; data: T } | { ok: false; error: unknown };
  if (!response.ok) throw new Error(`command failed: ${JSON.stringify(response.error)}`);
  return response.data;
}

async function contacts(a: WebUser, b: WebUser) {
  await ask(a.socket, "subscription:request", { username: b.username });
  await ask(b.socket, "subscription:respond", { username: a.username, approve: true });
  await ask(b.socket, "subscription:request", { username: a.username });
  await ask(a.socket, "subscription:respond", { username: b.username, approve: true });
}

async function signedIn(username: string) {
  const client = endpoint.track(await xmppClient(endpoint.port(), username, PASSWORD));
  await client.send(xml("presence"));
  return client;
}

/** ann (web) with two contacts, and a group of the three named "Trip". */
async function trio() {
  const ann = await connectedUser(endpoint.server(), "mucann");
  const bob = await connectedUser(endpoint.server(), "mucbob");
  const cy = await connectedUser(endpoint.server(), "muccy");
  await contacts(ann, bob);
  await contacts(ann, cy);
  const group = await ok<GroupSummary>(ask(ann.socket, "groupchat:create", { clientId: crypto.randomUUID(), name: "Trip", members: [bob.username, cy.username] }));
  return { ann, bob, cy, group, room: `${group.id}@groups.localhost` };
}

const webSend = (user: WebUser, groupId: string, body: string) =>
  ok<GroupMessageView>(ask(user.socket, "groupchat:send", { groupId, clientId: crypto.randomUUID(), body }));

const join = (client: XmppTestClient, room: string, nick: string, history?: Record<string, string>) =>
  client.send(xml("presence", { to: `${room}/${nick}` }, xml("x", { xmlns: MUC }, history ? xml("history", history) : null)));

const isSubject = (room: string) => (stanza: Element) => stanza.name === "message" && stanza.attrs.from === room && stanza.getChild("subject") !== undefined;
const fromRoom = (room: string) => (stanza: Element) => typeof stanza.attrs.from === "string" && stanza.attrs.from.startsWith(`${room}`);
const statusCodes = (presence: Element) => presence.getChild("x", MUC_USER)?.getChildren("status").map((status) => status.attrs.code) ?? [];
const groupchatBody = (body: string) => (stanza: Element) => stanza.name === "message" && stanza.attrs.type === "groupchat" && stanza.getChildText("body") === body;

/** What a refusal says, without who it came from (the address asked). */
const refusalOf = (stanza: Element) =>
  `${stanza.name} type=${stanza.attrs.type} to=${stanza.attrs.to} ${stanza.getChildElements().map(String).join("")}`;

describe("group conversations as XMPP rooms (XEP-0045)", () => {
  it("lists the service and one's own rooms, and answers a join with the occupants, own presence and the subject", async () => {
    const { ann, bob, cy, group, room } = await trio();
    const phone = await signedIn(bob.username);

    const serverItems = await phone.iq("get", xml("query", { xmlns: DISCO_ITEMS }), "localhost");
    expect(serverItems.getChild("query")!.getChildren("item").map((item) => item.attrs.jid)).toContain("groups.localhost");
    const serviceInfo = await phone.iq("get", xml("query", { xmlns: DISCO_INFO }), "groups.localhost");
    expect(serviceInfo.getChild("query")!.getChild("identity")!.attrs).toMatchObject({ category: "conference", type: "text" });
    expect(serviceInfo.getChild("query")!.getChildren("feature").map((feature) => feature.attrs.var)).toContain(MUC);
    const rooms = await phone.iq("get", xml("query", { xmlns: DISCO_ITEMS }), "groups.localhost");
    expect(rooms.getChild("query")!.getChildren("item").map((item) => [item.attrs.jid, item.attrs.name])).toEqual([[room, "Trip"]]);
    const roomInfo = (await phone.iq("get", xml("query", { xmlns: DISCO_INFO }), room)).getChild("query")!;
    expect(roomInfo.getChild("identity")!.attrs).toMatchObject({ category: "conference", type: "text", name: "Trip" });
    expect(roomInfo.getChildren("feature").map((feature) => feature.attrs.var)).toEqual(
      expect.arrayContaining([MUC, "muc_membersonly", "muc_persistent", "muc_nonanonymous", "muc_hidden"]),
    );

    await join(phone, room, "Bobby");
    await phone.waitFor(isSubject(room));
    const fromTheRoom = phone.received.filter(fromRoom(room));
    const presences = fromTheRoom.filter((stanza) => stanza.name === "presence");
    const item = (presence: Element) => presence.getChild("x", MUC_USER)!.getChild("item")!.attrs;
    // The others first, then one's own presence (the nick is the username, whatever was asked).
    expect(presences.map((presence) => presence.attrs.from)).toEqual([`${room}/${ann.username}`, `${room}/${cy.username}`, `${room}/${bob.username}`]);
    expect(item(presences[0]!)).toMatchObject({ affiliation: "owner", role: "participant", jid: `${ann.username}@localhost` });
    expect(item(presences[1]!)).toMatchObject({ affiliation: "member", role: "participant" });
    expect(statusCodes(presences[2]!)).toEqual(expect.arrayContaining(["110", "100", "210"]));
    // The subject comes last: the group's name.
    expect(fromTheRoom.at(-1)!.getChildText("subject")).toBe("Trip");
    expect(group.name).toBe("Trip");

    // Renamed in the web app: a new subject.
    await ok(ask(ann.socket, "groupchat:rename", { groupId: group.id, name: "Trip to Lyon" }));
    await phone.waitFor((stanza) => isSubject(room)(stanza) && stanza.getChildText("subject") === "Trip to Lyon");

    // Leaving: one's own presence, unavailable, with 110.
    await phone.send(xml("presence", { to: `${room}/${bob.username}`, type: "unavailable" }));
    const left = await phone.waitFor((stanza) => stanza.name === "presence" && stanza.attrs.type === "unavailable" && stanza.attrs.from === `${room}/${bob.username}`);
    expect(statusCodes(left)).toContain("110");
  });

  it("carries messages from the web app to occupants and from XMPP to the web app, reflecting the sender's own", async () => {
    const { ann, bob, group, room } = await trio();
    const phone = await signedIn(bob.username);
    await join(phone, room, bob.username);
    await phone.waitFor(isSubject(room));

    const webMessage = await webSend(ann, group.id, "hello from the web");
    const heard = await phone.waitFor(groupchatBody("hello from the web"));
    expect(heard.attrs.from).toBe(`${room}/${ann.username}`);
    expect(heard.getChild("stanza-id", "urn:xmpp:sid:0")!.attrs).toMatchObject({ id: webMessage.id, by: room });
    expect(heard.getChild("delay")).toBeUndefined();

    const annHears = nextEvent(ann.socket, "groupchat:received");
    await phone.send(
      xml("message", { type: "groupchat", to: room, id: "b-1" }, xml("body", {}, "hello from the phone"), xml("origin-id", { xmlns: "urn:xmpp:sid:0", id: "o-1" })),
    );
    const received = await annHears;
    expect(received.message).toMatchObject({ groupId: group.id, sender: bob.username, body: "hello from the phone" });
    const reflected = await phone.waitFor(groupchatBody("hello from the phone"));
    expect(reflected.attrs).toMatchObject({ from: `${room}/${bob.username}`, id: "b-1" });
    expect(reflected.getChild("origin-id", "urn:xmpp:sid:0")!.attrs.id).toBe("o-1");
    expect(reflected.getChild("stanza-id", "urn:xmpp:sid:0")!.attrs).toMatchObject({ id: received.message.id, by: room });

    // A retry (same origin-id) is stored once.
    await phone.send(
      xml("message", { type: "groupchat", to: room, id: "b-1" }, xml("body", {}, "hello from the phone"), xml("origin-id", { xmlns: "urn:xmpp:sid:0", id: "o-1" })),
    );
    await phone.waitFor((stanza) => phone.received.filter(groupchatBody("hello from the phone")).length === 2 && stanza !== undefined);
    const history = await ok<{ messages: GroupMessageView[] }>(ask(ann.socket, "groupchat:history", { groupId: group.id }));
    expect(history.messages.filter((message) => message.body === "hello from the phone")).toHaveLength(1);
  });

  it("carries typing both ways as chat states in the room", async () => {
    const { ann, bob, group, room } = await trio();
    const phone = await signedIn(bob.username);
    await join(phone, room, bob.username);
    await phone.waitFor(isSubject(room));
    await ok(ask(ann.socket, "groupchat:typing", { groupId: group.id, typing: true }));
    const composing = await phone.waitFor((stanza) => stanza.name === "message" && stanza.getChild("composing", "http://jabber.org/protocol/chatstates") !== undefined);
    expect(composing.attrs).toMatchObject({ type: "groupchat", from: `${room}/${ann.username}` });
    const annHears = nextEvent(ann.socket, "groupchat:typing");
    await phone.send(xml("message", { type: "groupchat", to: room }, xml("composing", { xmlns: "http://jabber.org/protocol/chatstates" })));
    expect(await annHears).toEqual({ groupId: group.id, from: bob.username, typing: true });
  });

  it("renames the group when an admin sets the subject, and refuses a member who may not", async () => {
    const { ann, bob, group, room } = await trio();
    const phone = await signedIn(bob.username);
    await join(phone, room, bob.username);
    await phone.waitFor(isSubject(room));
    await phone.send(xml("message", { type: "groupchat", to: room, id: "s1" }, xml("subject", {}, "Bob's trip")));
    const refused = await phone.waitFor((stanza) => stanza.name === "message" && stanza.attrs.type === "error" && stanza.attrs.id === "s1");
    expect(refused.getChild("error")!.getChild("forbidden")).toBeDefined();

    await ok(ask(ann.socket, "groupchat:set-admin", { groupId: group.id, member: bob.username, admin: true }));
    const promoted = await phone.waitFor((stanza) => stanza.name === "presence" && stanza.attrs.from === `${room}/${bob.username}` && stanza.getChild("x", MUC_USER)?.getChild("item")?.attrs.affiliation === "admin");
    expect(statusCodes(promoted)).toContain("110");
    const annHears = nextEvent(ann.socket, "groupchat:changed");
    await phone.send(xml("message", { type: "groupchat", to: room, id: "s2" }, xml("subject", {}, "Bob's trip")));
    expect((await annHears).name).toBe("Bob's trip");
    await phone.waitFor((stanza) => isSubject(room)(stanza) && stanza.getChildText("subject") === "Bob's trip");
  });

  it("counts a message an occupant got as delivered to it, as the web app's receipts show", async () => {
    const { ann, bob, group, room } = await trio();
    const phone = await signedIn(bob.username);
    await join(phone, room, bob.username);
    await phone.waitFor(isSubject(room));
    const sent = await webSend(ann, group.id, "did you get this?");
    await phone.waitFor(groupchatBody("did you get this?"));
    const bobHas = async () => {
      const receipts = await ok<{ members: { username: string; delivered: boolean }[] }>(ask(ann.socket, "groupchat:receipts", { messageId: sent.id }));
      return receipts.members.find((member) => member.username === bob.username)?.delivered;
    };
    await expect.poll(bobHas).toBe(true);
  });

  it("lets someone a non-contact added join the room: the invitation comes, and joining is accepting", async () => {
    const { ann, group, room } = await trio();
    const erin = await connectedUser(endpoint.server(), "mucerin");
    const phone = await signedIn(erin.username);
    await ok(ask(ann.socket, "groupchat:add", { groupId: group.id, members: [erin.username] }));
    const invitation = await phone.waitFor((stanza) => stanza.name === "message" && stanza.getChild("x", "jabber:x:conference") !== undefined);
    expect(invitation.getChild("x", "jabber:x:conference")!.attrs.jid).toBe(room);
    const before = await ok<GroupSummary>(ask(ann.socket, "groupchat:get", { groupId: group.id }));
    expect(before.members.find((member) => member.username === erin.username)?.state).toBe("invited");
    // The room can be looked at before joining, as clients do.
    const info = await phone.iq("get", xml("query", { xmlns: DISCO_INFO }), room);
    expect(info.getChild("query")!.getChild("identity")!.attrs.name).toBe("Trip");

    const annHears = nextEvent(ann.socket, "groupchat:changed");
    await join(phone, room, erin.username);
    await phone.waitFor(isSubject(room));
    const after = await annHears;
    expect(after.members.find((member) => member.username === erin.username)?.state).toBe("member");
  });

  it("sends the last messages with delay stamps before the subject on joining, none when asked for none, and those since a time", async () => {
    const { ann, bob, cy, group, room } = await trio();
    const sent: GroupMessageView[] = [];
    for (const body of ["one", "two", "three"]) sent.push(await webSend(ann, group.id, body));
    const phone = await signedIn(bob.username);
    await join(phone, room, bob.username, { maxstanzas: "2" });
    await phone.waitFor(isSubject(room));
    const messages = phone.received.filter((stanza) => stanza.name === "message" && fromRoom(room)(stanza));
    expect(messages.map((stanza) => stanza.getChildText("body") ?? `subject: ${stanza.getChildText("subject")}`)).toEqual(["two", "three", "subject: Trip"]);
    for (const message of messages.slice(0, 2)) expect(message.getChild("delay", "urn:xmpp:delay")?.attrs.stamp).toBeTruthy();

    const other = await signedIn(cy.username);
    await join(other, room, cy.username, { maxstanzas: "0" });
    await other.waitFor(isSubject(room));
    expect(other.received.filter((stanza) => stanza.name === "message" && stanza.getChild("body"))).toEqual([]);

    // A client that rejoins asks for what came since it last saw the room.
    await other.send(xml("presence", { to: `${room}/${cy.username}`, type: "unavailable" }));
    await other.waitFor((stanza) => stanza.name === "presence" && stanza.attrs.type === "unavailable" && stanza.attrs.from === `${room}/${cy.username}`);
    other.received.length = 0;
    await join(other, room, cy.username, { since: sent[0]!.sentAt });
    await other.waitFor(isSubject(room));
    const since = other.received.filter((stanza) => stanza.name === "message" && stanza.getChild("body"));
    expect(since.map((stanza) => stanza.getChildText("body"))).toEqual(["two", "three"]);
  });

  it("answers a non-member exactly as a room that does not exist, for joins, discovery and messages", async () => {
    const { room } = await trio();
    const stranger = await connectedUser(endpoint.server(), "mucstranger");
    const phone = await signedIn(stranger.username);
    const missing = `${crypto.randomUUID()}@groups.localhost`;

    const refusals: string[] = [];
    for (const target of [room, missing]) {
      await join(phone, target, "me");
      refusals.push(refusalOf(await phone.waitFor((stanza) => stanza.name === "presence" && stanza.attrs.from === `${target}/me`)));
    }
    expect(refusals[0]).toContain("item-not-found");
    expect(refusals[0]).toBe(refusals[1]);

    const discoErrors: string[] = [];
    for (const target of [room, missing]) {
      const error = await phone.iq("get", xml("query", { xmlns: DISCO_INFO }), target).catch((failure: { condition?: string }) => failure.condition);
      discoErrors.push(String(error));
    }
    expect(discoErrors).toEqual(["item-not-found", "item-not-found"]);

    const items = await phone.iq("get", xml("query", { xmlns: DISCO_ITEMS }), "groups.localhost");
    expect(items.getChild("query")!.getChildren("item")).toEqual([]);

    const bounces: string[] = [];
    for (const target of [room, missing]) {
      await phone.send(xml("message", { type: "groupchat", to: target, id: "m" }, xml("body", {}, "let me in")));
      bounces.push(refusalOf(await phone.waitFor((stanza) => stanza.name === "message" && stanza.attrs.type === "error" && stanza.attrs.from === target)));
    }
    expect(bounces[0]).toBe(bounces[1]);
  });

  it("tells a member removed in the web app that it left the room (321), refuses its messages, and invites someone added", async () => {
    const { ann, bob, cy, group, room } = await trio();
    const phone = await signedIn(bob.username);
    await join(phone, room, bob.username);
    await phone.waitFor(isSubject(room));
    const cyPhone = await signedIn(cy.username);
    await join(cyPhone, room, cy.username);
    await cyPhone.waitFor(isSubject(room));

    await ok(ask(ann.socket, "groupchat:remove", { groupId: group.id, member: bob.username }));
    const gone = await phone.waitFor((stanza) => stanza.name === "presence" && stanza.attrs.type === "unavailable" && stanza.attrs.from === `${room}/${bob.username}`);
    expect(statusCodes(gone)).toEqual(expect.arrayContaining(["110", "321"]));
    // The others see bob go, removed (321).
    const seenGo = await cyPhone.waitFor((stanza) => stanza.name === "presence" && stanza.attrs.type === "unavailable" && stanza.attrs.from === `${room}/${bob.username}`);
    expect(statusCodes(seenGo)).toEqual(["321"]);

    await phone.send(xml("message", { type: "groupchat", to: room, id: "late" }, xml("body", {}, "still here?")));
    const bounced = await phone.waitFor((stanza) => stanza.name === "message" && stanza.attrs.type === "error" && stanza.attrs.id === "late");
    expect(bounced.getChild("error")!.getChild("not-acceptable")).toBeDefined();

    // Someone added in the web app who has an XMPP session gets an invitation, and can join.
    const dan = await connectedUser(endpoint.server(), "mucdan");
    await contacts(ann, dan);
    const danPhone = await signedIn(dan.username);
    // A group is new to a session from its initial presence on (its contacts' presence follows that).
    await danPhone.waitFor((stanza) => stanza.name === "presence" && stanza.attrs.from === `${ann.username}@localhost/buddylist`);
    await ok(ask(ann.socket, "groupchat:add", { groupId: group.id, members: [dan.username] }));
    const invitation = await danPhone.waitFor((stanza) => stanza.name === "message" && stanza.getChild("x", "jabber:x:conference") !== undefined);
    expect(invitation.getChild("x", "jabber:x:conference")!.attrs.jid).toBe(room);
    expect(invitation.attrs.from).toBe(`${ann.username}@localhost`);
    await join(danPhone, room, dan.username);
    await danPhone.waitFor(isSubject(room));
    // The occupants see dan come.
    await cyPhone.waitFor((stanza) => stanza.name === "presence" && stanza.attrs.type === undefined && stanza.attrs.from === `${room}/${dan.username}`);
  });
});
