// The XMPP endpoint through slixmpp (Debian's python3-slixmpp, a Python client library nobody here
// wrote): SCRAM sign-in, the roster as the buddy list, subscriptions approved across protocols
// with a web user, presence under the access rules, and messages both ways. Every assertion is
// on what the slixmpp client reported it received.
import { describe, expect, it } from "vitest";
import { ask, connectedUser, nextEvent, PASSWORD } from "./harness";
import { xmppTestServer } from "./xmpp/test-server";
import { slixClient, type SlixEvent, type SlixRosterItem } from "./xmpp/slixmpp";

const endpoint = xmppTestServer();

async function signedIn(username: string, mechanism = "SCRAM-SHA-256", password = PASSWORD) {
  return endpoint.track(await slixClient(endpoint.port(), `${username}@localhost/slix`, password, mechanism));
}

const bare = (username: string) => `${username}@localhost`;
const presenceOf = (username: string, match: (event: SlixEvent) => boolean = () => true) => (event: SlixEvent) =>
  event.event === "presence" && String(event.from).startsWith(`${bare(username)}/`) && match(event);

describe("slixmpp signs in", () => {
  it("with SCRAM-SHA-256 and the web password, bound to the resource it asked for", async () => {
    const { username } = await connectedUser(endpoint.server(), "slixscram");
    const client = await signedIn(username);
    expect(client.jid).toBe(`${bare(username)}/slix`);
    expect(await client.roster()).toEqual({});
  });

  it("with SCRAM-SHA-1 and an app password, and not with a wrong password", async () => {
    const { username, socket } = await connectedUser(endpoint.server(), "slixapp");
    const created = await ask(socket, "token:create", { name: "slixmpp", scopes: ["xmpp"] });
    if (!created.ok) throw new Error("token:create failed");
    await signedIn(username, "SCRAM-SHA-1", created.data.token);
    await expect(slixClient(endpoint.port(), `${bare(username)}/slix`, "not the password", "SCRAM-SHA-256")).rejects.toThrow(/failed_auth/);
  });
});

describe("slixmpp with a web user", () => {
  it("subscribes with approval both ways, sees presence as the rules allow, and chats", async () => {
    const web = await connectedUser(endpoint.server(), "slixweb");
    const { username } = await connectedUser(endpoint.server(), "slixuser");
    const client = await signedIn(username);
    expect(await client.roster()).toEqual({}); // roster pushes go to sessions that asked for the roster
    await client.run({ cmd: "presence" });

    // The XMPP user asks; the web user sees the request and approves it in the web app.
    const asked = nextEvent(web.socket, "buddylist:snapshot");
    await client.run({ cmd: "subscribe", to: bare(web.username) });
    expect((await asked).incoming.map((request) => request.username)).toEqual([username]);
    const rosterItem = (event: SlixEvent) => (event.items as Record<string, SlixRosterItem>)[bare(web.username)];
    await client.waitFor((event) => event.event === "roster_push" && rosterItem(event)?.ask === true);
    expect(await ask(web.socket, "subscription:respond", { username, approve: true })).toMatchObject({ ok: true });
    await client.waitFor((event) => event.event === "roster_push" && rosterItem(event)?.subscription === "to");
    const available = await client.waitFor(presenceOf(web.username, (event) => event.type === "available"));
    expect(available.show).toBe("");

    // Another web user asks the XMPP user, who approves with slixmpp; the web app shows it.
    const second = await connectedUser(endpoint.server(), "slixweb2");
    await ask(second.socket, "subscription:request", { username });
    await client.waitFor((event) => event.event === "presence" && event.from === bare(second.username) && event.type === "subscribe");
    const active = new Promise((resolve) =>
      second.socket.on("buddylist:snapshot", (snapshot) => {
        if (snapshot.contacts.find((contact) => contact.username === username)?.subscription === "active") resolve(true);
      }),
    );
    await client.run({ cmd: "subscribed", to: bare(second.username) });
    await active;
    const roster = await client.roster();
    expect(roster[bare(web.username)]).toMatchObject({ subscription: "to", ask: false });

    // Presence both ways: dnd over XMPP is busy in the watcher's web app; away with a note reaches slixmpp.
    const busy = new Promise((resolve) =>
      second.socket.on("presence:changed", (view) => view.username === username && view.status.availability === "busy" && resolve(view)),
    );
    await client.run({ cmd: "presence", show: "dnd", status: "in a meeting" });
    expect(await busy).toMatchObject({ status: { availability: "busy", note: "in a meeting" } });
    await ask(web.socket, "presence:set-status", { availability: "away", note: "lunch" });
    await client.waitFor(presenceOf(web.username, (event) => event.show === "away" && event.status === "lunch"));

    // Access rules (each step looks only at what arrived after it): limited strips show and
    // status; polite-block shows the web user offline; allow shows everything again.
    const rule = async (action: string, match: (event: SlixEvent) => boolean) => {
      const from = client.events.length;
      await ask(web.socket, "privacy:quick-rule", { username, action });
      return client.waitFor(presenceOf(web.username, match), 10_000, from);
    };
    const limited = await rule("limited", (event) => event.type !== "unavailable");
    expect(limited).toMatchObject({ type: "available", show: "", status: "" });
    await rule("polite-block", (event) => event.type === "unavailable");
    // slixmpp reports an available presence's type as its show.
    const allowed = await rule("allow", (event) => event.type !== "unavailable");
    expect(allowed).toMatchObject({ type: "away", show: "away", status: "lunch" });

    // Messages both ways.
    const sent = await ask(web.socket, "im:send", { to: username, clientId: crypto.randomUUID(), body: "hello slixmpp" });
    expect(sent.ok).toBe(true);
    const received = await client.waitFor((event) => event.event === "message" && event.body === "hello slixmpp");
    expect(received).toMatchObject({ type: "chat", from: `${bare(web.username)}/buddylist`, delay: null });

    const arrived = nextEvent(web.socket, "im:received");
    await client.run({ cmd: "message", to: bare(web.username), body: "hello from python", id: "py-1" });
    expect((await arrived).message).toMatchObject({ body: "hello from python", direction: "incoming", peer: username });
  });

  it("reads and sets vCards (XEP-0054) with slixmpp's vcard-temp plugin", async () => {
    const web = await connectedUser(endpoint.server(), "slixcardweb");
    await ask(web.socket, "profile:set-display-name", { displayName: "Vera Web" });
    const me = await connectedUser(endpoint.server(), "slixcard");
    const client = await signedIn(me.username);
    const card = (to?: string) => {
      const from = client.events.length;
      return client.run({ cmd: "vcard", to }).then(() => client.waitFor((event) => event.event === "vcard", 5_000, from));
    };
    expect(await card(bare(web.username))).toMatchObject({ fn: "Vera Web", nickname: ["Vera Web"], error: null }) // slixmpp reads NICKNAME as a list;
    expect(await card("nobody-here-at-all@localhost")).toMatchObject({ error: "item-not-found" });

    const renamed = nextEvent(me.socket, "profile:changed");
    await client.run({ cmd: "set_vcard", fn: "Slix Sam" });
    expect(await client.waitFor((event) => event.event === "vcard_set")).toMatchObject({ error: null });
    expect(await renamed).toMatchObject({ displayName: "Slix Sam" });
    expect(await card()).toMatchObject({ fn: "Slix Sam", nickname: ["Slix Sam"] });
  });

  it("gets the same bounce for an account that blocks it as for one that does not exist", async () => {
    const blocker = await connectedUser(endpoint.server(), "slixblocker");
    const { username } = await connectedUser(endpoint.server(), "slixblocked");
    await ask(blocker.socket, "privacy:quick-rule", { username, action: "block" });
    const client = await signedIn(username);
    await client.run({ cmd: "presence" });
    await client.run({ cmd: "message", to: bare(blocker.username), body: "hi", id: "to-blocker" });
    await client.run({ cmd: "message", to: "nobody-here-at-all@localhost", body: "hi", id: "to-nobody" });
    const toBlocker = await client.waitFor((event) => event.event === "message" && event.id === "to-blocker");
    const toNobody = await client.waitFor((event) => event.event === "message" && event.id === "to-nobody");
    expect(toBlocker).toMatchObject({ type: "error", error: ["service-unavailable"] });
    expect(toNobody).toMatchObject({ type: "error", error: ["service-unavailable"] });
  });
});

describe("slixmpp in a group conversation (XEP-0045)", () => {
  it("joins a group's room with join_muc_wait: occupants, own nick, history and subject; messages both ways", async () => {
    const ann = await connectedUser(endpoint.server(), "slixann");
    const { username } = await connectedUser(endpoint.server(), "slixbob");
    const bob = await connectedUser(endpoint.server(), "slixcy");
    for (const other of [username, bob.username]) {
      await ask(ann.socket, "subscription:request", { username: other });
    }
    const group = await ask(ann.socket, "groupchat:create", { clientId: crypto.randomUUID(), name: "Slix", members: [username, bob.username] });
    if (!group.ok) throw new Error(`groupchat:create failed: ${JSON.stringify(group.error)}`);
    const groupId = (group.data as { id: string }).id;
    const room = `${groupId}@groups.localhost`;
    // Added by a non-contact, the slixmpp user's group waits for its answer: the join accepts it.
    const sent = await ask(ann.socket, "groupchat:send", { groupId, clientId: crypto.randomUUID(), body: "before you came" });
    expect(sent.ok).toBe(true);

    const client = await signedIn(username);
    await client.run({ cmd: "presence" });
    await client.run({ cmd: "join", room, nick: "whatever", maxstanzas: 5 });
    const joined = await client.waitFor((event) => event.event === "joined" || event.event === "join_failed");
    expect(joined.history).toEqual(["before you came"]);
    expect(joined).toMatchObject({ event: "joined", nick: username, subject: "Slix" });
    expect(joined.codes).toEqual(expect.arrayContaining([100, 110, 210]));
    expect(joined.occupants).toEqual(expect.arrayContaining([ann.username, username]));

    const annHears = nextEvent(ann.socket, "groupchat:received");
    await client.run({ cmd: "groupchat", to: room, body: "hello from slixmpp" });
    expect((await annHears).message).toMatchObject({ groupId, sender: username, body: "hello from slixmpp" });
    await ask(ann.socket, "groupchat:send", { groupId, clientId: crypto.randomUUID(), body: "hello back" });
    const heard = await client.waitFor((event) => event.event === "message" && event.body === "hello back");
    expect(heard).toMatchObject({ type: "groupchat", from: `${room}/${ann.username}` });
  });

  it("is refused a room it is not in exactly as one that does not exist", async () => {
    const { username } = await connectedUser(endpoint.server(), "slixout");
    const ann = await connectedUser(endpoint.server(), "slixann2");
    const b = await connectedUser(endpoint.server(), "slixb2");
    const c = await connectedUser(endpoint.server(), "slixc2");
    const group = await ask(ann.socket, "groupchat:create", { clientId: crypto.randomUUID(), members: [b.username, c.username] });
    if (!group.ok) throw new Error("groupchat:create failed");
    const client = await signedIn(username);
    await client.run({ cmd: "presence" });
    for (const room of [`${(group.data as { id: string }).id}@groups.localhost`, `${crypto.randomUUID()}@groups.localhost`]) {
      await client.run({ cmd: "join", room, nick: "me" }); // done once the join is answered
    }
    const failures = client.events.filter((event) => event.event === "joined" || event.event === "join_failed");
    expect(failures.map((failure) => failure.event)).toEqual(["join_failed", "join_failed"]);
    expect(failures[0]!.error).toBe(failures[1]!.error);
  });
});
