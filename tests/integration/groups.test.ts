// Group conversations over real sockets: creation and adding under each person's delivery
// rules (a blocker answers exactly like an unknown name), messages reaching every member's tabs
// once, retries, catch-up after a reconnect, leaving and removal, renames, receipts under the
// read-receipt settings, blocks inside a group (told to nobody), typing, and mentions.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { GroupMessagePage, GroupMessageView, GroupReceipts, GroupSnapshot, GroupSummary, GroupSyncPage } from "@/lib/protocol/groups";
import { ask, collect, connect, newUser, nextEvent, ok, removeDataDir, startServer, type TestServer, type TestSocket } from "./harness";

let server: TestServer;

beforeAll(async () => {
  server = await startServer({ env: { PRESENCE_GRACE_MS: "200" } });
});
afterAll(async () => {
  expect(await server.stop()).toBe(0);
  removeDataDir(server.dataDir);
});

type Person = { username: string; cookie: string; socket: TestSocket; groups: GroupSnapshot };

async function person(prefix: string): Promise<Person> {
  const { username, cookie } = await newUser(server, prefix);
  const { socket, groups } = await connect(server, cookie);
  return { username, cookie, socket, groups };
}
async function tab(who: Person): Promise<Person> {
  const { socket, groups } = await connect(server, who.cookie);
  return { ...who, socket, groups };
}
const quiet = () => new Promise((resolve) => setTimeout(resolve, 500));
const close = (...people: Person[]) => people.forEach((who) => who.socket.close());

async function friends(a: Person, b: Person) {
  await ok(ask(a.socket, "subscription:request", { username: b.username }));
  await ok(ask(b.socket, "subscription:request", { username: a.username }));
}
const create = (who: Person, members: Person[], name?: string, clientId: string = randomUUID()) =>
  ask(who.socket, "groupchat:create", { clientId, members: members.map((member) => member.username), ...(name ? { name } : {}) });
const send = (who: Person, groupId: string, body: string, clientId: string = randomUUID()) =>
  ok<GroupMessageView>(ask(who.socket, "groupchat:send", { groupId, clientId, body }));
const history = (who: Person, groupId: string) => ok<GroupMessagePage>(ask(who.socket, "groupchat:history", { groupId }));
const bodies = async (who: Person, groupId: string) =>
  (await history(who, groupId)).messages
    .filter((message) => message.event === null)
    .map((message) => (message.hidden ? "[hidden]" : message.body))
    .reverse();
const block = (owner: Person, other: Person) => ok(ask(owner.socket, "privacy:quick-rule", { username: other.username, action: "block" }));

/** alice with two contacts, and a group of the three. */
async function trio(name?: string) {
  const alice = await person("alice");
  const bob = await person("bob");
  const carol = await person("carol");
  await friends(alice, bob);
  await friends(alice, carol);
  const group = await ok<GroupSummary>(create(alice, [bob, carol], name));
  return { alice, bob, carol, group };
}

describe("group conversations", () => {
  it("creates a group of contacts: everyone's tabs hear of it; a retried create is the same group", async () => {
    const alice = await person("alice");
    const bob = await person("bob");
    const carol = await person("carol");
    await friends(alice, bob);
    await friends(alice, carol);
    const bobHears = nextEvent(bob.socket, "groupchat:changed");
    const clientId = randomUUID();
    const group = await ok<GroupSummary>(create(alice, [bob, carol], "Lunch", clientId));
    expect(group).toMatchObject({ name: "Lunch", title: "Lunch", state: "member", role: "creator", unread: 0 });
    expect(group.members.map((member) => [member.username, member.role, member.state])).toEqual([
      [alice.username, "creator", "member"],
      [bob.username, "member", "member"],
      [carol.username, "member", "member"],
    ]);
    expect(await bobHears).toMatchObject({ id: group.id, state: "member", role: "member" });
    const again = await ok<GroupSummary>(create(alice, [bob, carol], "Lunch", clientId));
    expect(again.id).toBe(group.id);
    const lines = (await history(carol, group.id)).messages.map((message) => message.event);
    expect(lines.reverse()).toEqual([
      { kind: "created", actor: alice.username, name: "Lunch" },
      { kind: "added", actor: alice.username, subject: bob.username },
      { kind: "added", actor: alice.username, subject: carol.username },
    ]);
    // A new tab starts from the snapshot.
    const later = await tab(bob);
    expect(later.groups.groups.map((summary) => summary.id)).toEqual([group.id]);
    expect(later.groups.cursor).toBeGreaterThan(0);
    close(alice, bob, carol, later);
  });

  it("adds under delivery rules: a non-contact is invited; contacts-only and nobody are told; a blocker looks unknown", async () => {
    const { alice, bob, carol, group } = await trio();
    const dave = await person("dave");
    const erin = await person("erin");
    const frank = await person("frank");
    const blocker = await person("gina");
    await ok(ask(erin.socket, "im:set-settings", { acceptFrom: "contacts" }));
    await ok(ask(frank.socket, "im:set-settings", { acceptFrom: "nobody" }));
    await block(blocker, alice);

    const daveHears = nextEvent(dave.socket, "groupchat:changed");
    const added = await ok<GroupSummary>(ask(alice.socket, "groupchat:add", { groupId: group.id, members: [dave.username] }));
    expect(added.members.find((member) => member.username === dave.username)).toMatchObject({ state: "invited" });
    expect(await daveHears).toMatchObject({ id: group.id, state: "request" });

    expect(await ask(alice.socket, "groupchat:add", { groupId: group.id, members: [erin.username] })).toEqual({
      ok: false,
      error: { code: "forbidden", message: `${erin.username} accepts messages from contacts only.` },
    });
    expect(await ask(alice.socket, "groupchat:add", { groupId: group.id, members: [frank.username] })).toEqual({
      ok: false,
      error: { code: "forbidden", message: `${frank.username} does not accept messages.` },
    });
    const blocked = await ask(alice.socket, "groupchat:add", { groupId: group.id, members: [blocker.username] });
    const unknown = await ask(alice.socket, "groupchat:add", { groupId: group.id, members: ["nobody" + randomUUID().slice(0, 8)] });
    expect(blocked).toEqual(unknown);
    expect(blocked).toMatchObject({ ok: false, error: { code: "not_found" } });
    // Refusals change nothing.
    const now = await ok<GroupSummary>(ask(carol.socket, "groupchat:get", { groupId: group.id }));
    expect(now.members.map((member) => member.username)).toEqual([alice.username, bob.username, carol.username, dave.username]);

    // The invited person gets the messages' count, then accepts: a "joined" line for everyone.
    await send(bob, group.id, "hello all");
    const request = await ok<GroupSummary>(ask(dave.socket, "groupchat:get", { groupId: group.id }));
    expect(request).toMatchObject({ state: "request", unread: 1 });
    const bobSees = nextEvent(bob.socket, "groupchat:received");
    const accepted = await ok<GroupSummary | null>(ask(dave.socket, "groupchat:respond", { groupId: group.id, action: "accept" }));
    expect(accepted!.state).toBe("member");
    expect((await bobSees).message.event).toEqual({ kind: "joined", actor: dave.username });

    // Another non-contact declines and blocks the adder: it looks like leaving to the others.
    const hank = await person("hank");
    await ok(ask(alice.socket, "groupchat:add", { groupId: group.id, members: [hank.username] }));
    const hankRemoved = nextEvent(hank.socket, "groupchat:removed");
    expect(await ask(hank.socket, "groupchat:respond", { groupId: group.id, action: "block" })).toEqual({ ok: true, data: null });
    expect(await hankRemoved).toEqual({ groupId: group.id });
    const last = (await history(alice, group.id)).messages[0]!;
    expect(last.event).toEqual({ kind: "left", actor: hank.username });
    // hank now blocks alice: adding him again answers as an unknown name.
    expect(await ask(alice.socket, "groupchat:add", { groupId: group.id, members: [hank.username] })).toEqual(unknown);
    close(alice, bob, carol, dave, erin, frank, blocker, hank);
  });

  it("fans a message out to every member's tabs once; a retried send is one message", async () => {
    const { alice, bob, carol, group } = await trio();
    const bobSecond = await tab(bob);
    const aliceSecond = await tab(alice);
    const bobGot = collect(bob.socket, "groupchat:received");
    const bobSecondGot = collect(bobSecond.socket, "groupchat:received");
    const carolGot = collect(carol.socket, "groupchat:received");
    const aliceGot = collect(alice.socket, "groupchat:received");
    const aliceSecondGot = collect(aliceSecond.socket, "groupchat:received");
    const clientId = randomUUID();
    const first = await send(alice, group.id, "one message", clientId);
    const retried = await send(alice, group.id, "one message", clientId);
    expect(retried).toEqual(first);
    expect(first).toMatchObject({ direction: "outgoing", clientId, body: "one message", receipts: { delivered: 0, read: 0, of: 2 } });
    expect(await ask(alice.socket, "groupchat:send", { groupId: group.id, clientId, body: "another" })).toMatchObject({
      ok: false,
      error: { code: "conflict" },
    });
    await quiet();
    for (const seen of [bobGot, bobSecondGot, carolGot, aliceSecondGot]) expect(seen.map((received) => received.message.id)).toEqual([first.id]);
    expect(aliceGot).toEqual([]); // the sending tab has it from its ack
    expect(bobGot[0]!.message).toMatchObject({ direction: "incoming", clientId: null, sender: alice.username, hidden: false, receipts: null });
    expect(bobGot[0]!.notify).toBe(true);
    expect(await bodies(carol, group.id)).toEqual(["one message"]);
    // Not a member: nothing to send into, nothing to read.
    const stranger = await person("stranger");
    expect(await ask(stranger.socket, "groupchat:send", { groupId: group.id, clientId: randomUUID(), body: "hi" })).toMatchObject({
      ok: false,
      error: { code: "not_found", message: "There is no such group." },
    });
    expect(await history(stranger, group.id)).toEqual({ messages: [], hasMore: false });
    close(alice, bob, carol, bobSecond, aliceSecond, stranger);
  });

  it("catches up after a reconnect with groupchat:sync: nothing lost, nothing twice", async () => {
    const { alice, bob, carol, group } = await trio();
    const cursor = (await tab(bob)).groups.cursor;
    bob.socket.close();
    const sent = [];
    for (let index = 0; index < 7; index++) sent.push(await send(index % 2 ? carol : alice, group.id, `while away ${index}`));
    const back = await tab(bob);
    const seen: GroupMessageView[] = [];
    let after = cursor;
    for (;;) {
      const page = await ok<GroupSyncPage>(ask(back.socket, "groupchat:sync", { afterSeq: after, limit: 3 }));
      seen.push(...page.messages);
      after = page.cursor;
      if (!page.hasMore) break;
    }
    expect(seen.map((message) => message.id)).toEqual(sent.map((message) => message.id));
    expect(back.groups.groups[0]).toMatchObject({ id: group.id, unread: 7 });
    const read = await ok<GroupSummary>(ask(back.socket, "groupchat:read", { groupId: group.id, upToSeq: sent.at(-1)!.seq }));
    expect(read).toMatchObject({ unread: 0, lastReadSeq: sent.at(-1)!.seq });
    close(alice, carol, back);
  });

  it("leaving and removal keep the history up to then, and nothing after; the creator's place passes on", async () => {
    const { alice, bob, carol, group } = await trio();
    const dave = await person("dave");
    await friends(alice, dave);
    await ok(ask(alice.socket, "groupchat:add", { groupId: group.id, members: [dave.username] }));
    await send(alice, group.id, "before");
    const carolChanged = nextEvent(carol.socket, "groupchat:changed");
    await ok(ask(carol.socket, "groupchat:leave", { groupId: group.id }));
    const left = await carolChanged;
    expect(left).toMatchObject({ id: group.id, state: "left", members: [] });
    // Admins and the creator remove; members do not.
    expect(await ask(bob.socket, "groupchat:remove", { groupId: group.id, member: dave.username })).toMatchObject({
      ok: false,
      error: { code: "forbidden" },
    });
    await ok(ask(alice.socket, "groupchat:set-admin", { groupId: group.id, member: bob.username, admin: true }));
    await ok(ask(bob.socket, "groupchat:remove", { groupId: group.id, member: dave.username }));
    expect(await ask(bob.socket, "groupchat:remove", { groupId: group.id, member: alice.username })).toMatchObject({
      ok: false,
      error: { code: "forbidden" },
    });
    const carolGot = collect(carol.socket, "groupchat:received");
    const daveGot = collect(dave.socket, "groupchat:received");
    await send(alice, group.id, "after");
    await quiet();
    expect(carolGot).toEqual([]);
    expect(daveGot).toEqual([]);
    expect(await bodies(carol, group.id)).toEqual(["before"]);
    expect(await bodies(dave, group.id)).toEqual(["before"]);
    expect((await history(dave, group.id)).messages[0]!.event).toEqual({ kind: "removed", actor: bob.username, subject: dave.username });
    const carolSync = await ok<GroupSyncPage>(ask(carol.socket, "groupchat:sync", { afterSeq: 0 }));
    expect(carolSync.messages.some((message) => message.body === "after")).toBe(false);
    expect(await ask(carol.socket, "groupchat:send", { groupId: group.id, clientId: randomUUID(), body: "x" })).toMatchObject({
      ok: false,
      error: { code: "not_found" },
    });
    // Deleting a left group takes it from the list.
    const removed = nextEvent(carol.socket, "groupchat:removed");
    await ok(ask(carol.socket, "groupchat:delete", { groupId: group.id }));
    expect(await removed).toEqual({ groupId: group.id });
    expect((await tab(carol)).groups.groups).toEqual([]);
    // Added again: a new range; what was said meanwhile stays unseen.
    await ok(ask(alice.socket, "groupchat:add", { groupId: group.id, members: [carol.username] }));
    await send(bob, group.id, "welcome back");
    expect(await bodies(carol, group.id)).toEqual(["welcome back"]);
    // The creator leaves: the admin becomes creator.
    await ok(ask(alice.socket, "groupchat:leave", { groupId: group.id }));
    const now = await ok<GroupSummary>(ask(bob.socket, "groupchat:get", { groupId: group.id }));
    expect(now.role).toBe("creator");
    expect(now.members.map((member) => member.username)).toEqual([bob.username, carol.username]);
    close(alice, bob, carol, dave);
  });

  it("renames with a system line; only the creator and admins may", async () => {
    const { alice, bob, carol, group } = await trio();
    expect(await ask(bob.socket, "groupchat:rename", { groupId: group.id, name: "Mine" })).toMatchObject({ ok: false, error: { code: "forbidden" } });
    const carolHears = nextEvent(carol.socket, "groupchat:received");
    const renamed = await ok<GroupSummary>(ask(alice.socket, "groupchat:rename", { groupId: group.id, name: "Trip" }));
    expect(renamed).toMatchObject({ name: "Trip", title: "Trip" });
    expect((await carolHears).message.event).toEqual({ kind: "renamed", actor: alice.username, name: "Trip" });
    const unnamed = await ok<GroupSummary>(ask(alice.socket, "groupchat:rename", { groupId: group.id, name: "" }));
    expect(unnamed.name).toBeNull();
    expect(unnamed.title).toContain(bob.username);
    close(alice, bob, carol);
  });

  it("receipts: delivered to n of m, read by k, each read shown only while both settings allow", async () => {
    const { alice, bob, carol, group } = await trio();
    const message = await send(alice, group.id, "did you get this?");
    await ok(ask(carol.socket, "im:set-settings", { readReceipts: false }));
    const changes = collect(alice.socket, "groupchat:receipts-changed");
    await ok(ask(bob.socket, "groupchat:delivered", { groupId: group.id, upToSeq: message.seq }));
    await ok(ask(bob.socket, "groupchat:read", { groupId: group.id, upToSeq: message.seq }));
    await ok(ask(carol.socket, "groupchat:read", { groupId: group.id, upToSeq: message.seq }));
    await quiet();
    expect(changes.at(-1)).toEqual({ groupId: group.id, changes: [{ messageId: message.id, receipts: { delivered: 2, read: 1, of: 2 } }] });
    const receipts = await ok<GroupReceipts>(ask(alice.socket, "groupchat:receipts", { messageId: message.id }));
    expect(receipts.members).toEqual([
      { username: bob.username, delivered: true, read: true },
      { username: carol.username, delivered: true, read: false },
    ]);
    // The sender's own setting off: no reads shown at all.
    await ok(ask(alice.socket, "im:set-settings", { readReceipts: false }));
    expect((await history(alice, group.id)).messages[0]!.receipts).toEqual({ delivered: 2, read: 0, of: 2 });
    // Only the sender may ask.
    expect(await ask(bob.socket, "groupchat:receipts", { messageId: message.id })).toMatchObject({ ok: false, error: { code: "not_found" } });
    close(alice, bob, carol);
  });

  it("blocks inside a group: bob sees carol's messages hidden, carol never gets bob's; nobody is told", async () => {
    const { alice, bob, carol, group } = await trio();
    await block(bob, carol);
    const bobGot = collect(bob.socket, "groupchat:received");
    const carolGot = collect(carol.socket, "groupchat:received");
    const carolTyping = collect(carol.socket, "groupchat:typing");
    const bobTyping = collect(bob.socket, "groupchat:typing");
    const fromCarol = await send(carol, group.id, "from carol");
    const fromBob = await send(bob, group.id, "from bob");
    await send(alice, group.id, "from alice");
    await ok(ask(bob.socket, "groupchat:typing", { groupId: group.id, typing: true }));
    await ok(ask(carol.socket, "groupchat:typing", { groupId: group.id, typing: true }));
    await quiet();
    expect(bobGot.map((received) => [received.message.body, received.message.hidden, received.notify])).toEqual([
      ["", true, false],
      ["from alice", false, true],
    ]);
    expect(carolGot.map((received) => received.message.body)).toEqual(["from alice"]);
    expect(carolTyping).toEqual([]);
    expect(bobTyping).toEqual([]);
    expect(await bodies(bob, group.id)).toEqual(["[hidden]", "from bob", "from alice"]);
    expect(await bodies(carol, group.id)).toEqual(["from carol", "from alice"]);
    // Neither send was refused, and carol's own view of her message gives nothing away.
    expect(fromCarol.receipts).toEqual({ delivered: 0, read: 0, of: 2 });
    // bob's message went to alice only: its receipts count alice alone.
    expect(fromBob.receipts).toEqual({ delivered: 0, read: 0, of: 1 });
    const carolSummary = await ok<GroupSummary>(ask(carol.socket, "groupchat:get", { groupId: group.id }));
    expect(carolSummary.unread).toBe(1);
    close(alice, bob, carol);
  });

  it("relays typing to the other members; a mention notifies even in a muted group", async () => {
    const { alice, bob, carol, group } = await trio();
    const typing = nextEvent(bob.socket, "groupchat:typing");
    await ok(ask(carol.socket, "groupchat:typing", { groupId: group.id, typing: true }));
    expect(await typing).toEqual({ groupId: group.id, from: carol.username, typing: true });
    const muted = await ok<GroupSummary>(ask(bob.socket, "groupchat:set-flags", { groupId: group.id, muted: true, pinned: true }));
    expect(muted).toMatchObject({ muted: true, pinned: true });
    const plain = nextEvent(bob.socket, "groupchat:received");
    await send(alice, group.id, "nothing for bob");
    expect(await plain).toMatchObject({ notify: false, message: { mentionsYou: false } });
    const mention = nextEvent(bob.socket, "groupchat:received");
    await send(alice, group.id, `hey @${bob.username} look`);
    expect(await mention).toMatchObject({ notify: true, message: { mentionsYou: true } });
    const summary = await ok<GroupSummary>(ask(bob.socket, "groupchat:get", { groupId: group.id }));
    expect(summary).toMatchObject({ mentioned: true, unread: 2 });
    close(alice, bob, carol);
  });

  it("reactions, edits and deletion for everyone reach every member as each sees the message", async () => {
    const { alice, bob, carol, group } = await trio();
    const message = await send(alice, group.id, "pizza tonight?");
    const carolChanges = collect(carol.socket, "groupchat:message-changed");
    const reacted = await ok<GroupMessageView>(
      ask(bob.socket, "groupchat:react", { messageId: message.id, emoji: "👍", on: true, clientId: randomUUID() }),
    );
    expect(reacted.reactions).toEqual([{ emoji: "👍", count: 1, mine: true, users: [bob.username] }]);
    // Only the sender edits, within the window.
    expect(await ask(bob.socket, "groupchat:edit", { messageId: message.id, body: "mine now", clientId: randomUUID() })).toEqual({
      ok: false,
      error: { code: "forbidden", message: "You can only edit your own messages." },
    });
    const edited = await ok<GroupMessageView>(ask(alice.socket, "groupchat:edit", { messageId: message.id, body: "pizza at 8?", clientId: randomUUID() }));
    expect(edited).toMatchObject({ body: "pizza at 8?", reactions: [{ emoji: "👍", count: 1, mine: false }] });
    expect(edited.editedAt).not.toBeNull();
    await quiet();
    expect(carolChanges.map((changed) => changed.message.body)).toEqual(["pizza tonight?", "pizza at 8?"]);
    expect(carolChanges[0]!.message.reactions).toEqual([{ emoji: "👍", count: 1, mine: false, users: [bob.username] }]);
    const retracted = await ok<GroupMessageView>(ask(alice.socket, "groupchat:retract", { messageId: message.id, clientId: randomUUID() }));
    expect(retracted).toMatchObject({ retracted: true, body: "", reactions: [] });
    expect((await history(bob, group.id)).messages[0]).toMatchObject({ id: message.id, retracted: true, body: "" });
    // Someone not in the group: no such message.
    const stranger = await person("stranger");
    expect(await ask(stranger.socket, "groupchat:react", { messageId: message.id, emoji: "👍", on: true, clientId: randomUUID() })).toEqual({
      ok: false,
      error: { code: "not_found", message: "There is no such message." },
    });
    close(alice, bob, carol, stranger);
  });

  it("attachments in a group are served to the members who see the message, and to nobody else", async () => {
    const { alice, bob, carol, group } = await trio();
    const dave = await person("dave");
    const location = await fetch(`${server.url}/api/uploads`, {
      method: "POST",
      headers: { cookie: alice.cookie, "Tus-Resumable": "1.0.0", "Upload-Length": "80", "Upload-Metadata": `filename ${Buffer.from("notes.txt").toString("base64")}` },
    }).then((response) => response.headers.get("location")!);
    const patched = await fetch(new URL(location, server.url), {
      method: "PATCH",
      headers: { cookie: alice.cookie, "Tus-Resumable": "1.0.0", "Upload-Offset": "0", "Content-Type": "application/offset+octet-stream" },
      body: new Uint8Array(Buffer.alloc(80, "a")),
    });
    expect(patched.status).toBe(204);
    const id = location.split("/").pop()!;
    await block(carol, alice);
    // dave is added by a non-contact: a request, with names only.
    await ok(ask(alice.socket, "groupchat:add", { groupId: group.id, members: [dave.username] }));
    const clientId = randomUUID();
    const message = await ok<GroupMessageView>(ask(alice.socket, "groupchat:send", { groupId: group.id, clientId, body: "", attachments: [id] }));
    expect(message.attachments).toMatchObject([{ id, name: "notes.txt", url: `/api/attachments/${id}` }]);
    expect(await ok<GroupMessageView>(ask(alice.socket, "groupchat:send", { groupId: group.id, clientId, body: "", attachments: [id] }))).toEqual(message);
    const file = (who: Person) => fetch(`${server.url}/api/attachments/${id}`, { headers: { cookie: who.cookie } }).then((response) => response.status);
    expect(await file(alice)).toBe(200);
    expect(await file(bob)).toBe(200);
    // carol blocks alice: the message is collapsed for her, its file not hers to fetch.
    expect(await file(carol)).toBe(404);
    expect((await history(carol, group.id)).messages[0]).toMatchObject({ hidden: true, attachments: [] });
    const daveView = (await history(dave, group.id)).messages[0]!;
    expect(daveView.attachments).toMatchObject([{ id, url: null }]);
    expect(await file(dave)).toBe(404);
    await ok(ask(dave.socket, "groupchat:respond", { groupId: group.id, action: "accept" }));
    expect(await file(dave)).toBe(200);
    const stranger = await person("stranger");
    expect(await file(stranger)).toBe(404);
    // bob leaves: he keeps the message up to then, with its file.
    await ok(ask(bob.socket, "groupchat:leave", { groupId: group.id }));
    expect(await file(bob)).toBe(200);
    close(alice, bob, carol, dave, stranger);
  });
});
