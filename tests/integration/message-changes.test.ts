// Replies, reactions, edits and deletions for everyone over real sockets: both sides' tabs hear
// of them, retries change nothing twice, a device that was away catches up by change seq, and
// nothing reaches someone who blocks the actor or holds its messages back.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { InboxSnapshot, InstantMessage, MessagePage, SyncPage } from "@/lib/protocol";
import { runSql } from "./database";
import { ask, collect, connect, newUser, nextEvent, ok, removeDataDir, startServer, type TestServer, type TestSocket } from "./harness";

let server: TestServer;

beforeAll(async () => {
  server = await startServer({ env: { PRESENCE_GRACE_MS: "200" } });
});
afterAll(async () => {
  expect(await server.stop()).toBe(0);
  removeDataDir(server.dataDir);
});

type Person = { username: string; cookie: string; socket: TestSocket; inbox: InboxSnapshot };

async function person(prefix: string): Promise<Person> {
  const { username, cookie } = await newUser(server, prefix);
  const { socket, inbox } = await connect(server, cookie);
  return { username, cookie, socket, inbox };
}
async function tab(who: Person): Promise<Person> {
  const { socket, inbox } = await connect(server, who.cookie);
  return { ...who, socket, inbox };
}
const quiet = () => new Promise((resolve) => setTimeout(resolve, 500));
const close = (...people: Person[]) => people.forEach((who) => who.socket.close());

const sent = (from: Person, to: Person, body: string, replyTo?: string) =>
  ok<InstantMessage>(ask(from.socket, "im:send", { to: to.username, clientId: randomUUID(), body, ...(replyTo ? { replyTo } : {}) }));
const react = (who: Person, messageId: string, emoji: string, on = true, clientId: string = randomUUID()) =>
  ask(who.socket, "im:react", { messageId, emoji, on, clientId });
const edit = (who: Person, messageId: string, body: string, clientId: string = randomUUID()) =>
  ask(who.socket, "im:edit", { messageId, body, clientId });
const retract = (who: Person, messageId: string, clientId: string = randomUUID()) => ask(who.socket, "im:retract", { messageId, clientId });
const history = (who: Person, peer: Person) => ok<MessagePage>(ask(who.socket, "im:history", { peer: peer.username }));
const byId = async (who: Person, peer: Person, id: string) => (await history(who, peer)).messages.find((message) => message.id === id);

async function friends(a: Person, b: Person) {
  await ok(ask(a.socket, "subscription:request", { username: b.username }));
  await ok(ask(b.socket, "subscription:request", { username: a.username }));
}

describe("message changes", () => {
  it("a reply quotes its target; the quote is what each side has", async () => {
    const alice = await person("alice");
    const bob = await person("bob");
    await friends(alice, bob);
    const first = await sent(alice, bob, "lunch?");
    const incoming = nextEvent(alice.socket, "im:received");
    const reply = await sent(bob, alice, "yes", first.id);
    expect(reply.replyTo).toEqual({ id: first.id, available: true, seq: first.seq, direction: "incoming", body: "lunch?" });
    expect((await incoming).message.replyTo).toEqual({ id: first.id, available: true, seq: first.seq, direction: "outgoing", body: "lunch?" });
    // Deleted for bob only: bob's quote has no text any more; alice's still does.
    await ok(ask(bob.socket, "im:delete", { ids: [first.id] }));
    expect((await byId(bob, alice, reply.id))!.replyTo).toEqual({ id: first.id, available: false });
    expect((await byId(alice, bob, reply.id))!.replyTo).toMatchObject({ available: true });
    // Retracted: nobody's quote shows the text.
    await ok(retract(alice, first.id));
    expect((await byId(alice, bob, reply.id))!.replyTo).toEqual({ id: first.id, available: false });
    // A reply to a message of another conversation is refused.
    const carol = await person("carol");
    const other = await sent(carol, alice, "hi alice");
    expect(await ask(bob.socket, "im:send", { to: alice.username, clientId: randomUUID(), body: "x", replyTo: other.id })).toMatchObject({
      ok: false,
      error: { code: "invalid_payload" },
    });
    close(alice, bob, carol);
  });

  it("reactions reach both sides' tabs once, toggle off, and a retry changes nothing twice", async () => {
    const alice = await person("alice");
    const bob = await person("bob");
    await friends(alice, bob);
    const bobsOtherTab = await tab(bob);
    const message = await sent(alice, bob, "good news");
    const toAlice = collect(alice.socket, "im:message-changed");
    const toBobsOther = collect(bobsOtherTab.socket, "im:message-changed");
    const toBob = collect(bob.socket, "im:message-changed");
    const clientId = randomUUID();
    const reacted = await ok<InstantMessage>(react(bob, message.id, "🎉", true, clientId));
    expect(reacted.reactions).toEqual([{ emoji: "🎉", count: 1, mine: true, users: [bob.username] }]);
    expect(await ok<InstantMessage>(react(bob, message.id, "🎉", true, clientId))).toEqual(reacted);
    await quiet();
    expect(toAlice).toHaveLength(1);
    expect(toAlice[0]!.message.reactions).toEqual([{ emoji: "🎉", count: 1, mine: false, users: [bob.username] }]);
    expect(toBobsOther).toHaveLength(1);
    expect(toBob).toHaveLength(0); // the acting tab has its answer
    expect(toBobsOther[0]!.changeSeq).toBe(toAlice[0]!.changeSeq);
    expect(await react(bob, message.id, "not an emoji")).toMatchObject({ ok: false, error: { code: "invalid_payload" } });
    const removed = await ok<InstantMessage>(react(bob, message.id, "🎉", false));
    expect(removed.reactions).toEqual([]);
    // Reactions are no messages: the unread count does not move.
    const [summary] = await ok<{ peer: string; unread: number }[]>(ask(alice.socket, "im:conversations"));
    expect(summary!.unread).toBe(0);
    close(alice, bob, bobsOtherTab);
  });

  it("an edit changes everyone's copy in place and shows edited; a deletion for everyone leaves a tombstone out of search", async () => {
    const alice = await person("alice");
    const bob = await person("bob");
    await friends(alice, bob);
    const message = await sent(alice, bob, "see you at the harbour");
    await ok(ask(bob.socket, "im:read", { peer: alice.username, upToSeq: message.seq }));
    const changed = nextEvent(bob.socket, "im:message-changed");
    const edited = await ok<InstantMessage>(edit(alice, message.id, "see you at the station"));
    expect(edited).toMatchObject({ body: "see you at the station", retracted: false });
    expect(edited.editedAt).not.toBeNull();
    expect((await changed).message).toMatchObject({ id: message.id, body: "see you at the station", direction: "incoming" });
    expect(await byId(bob, alice, message.id)).toMatchObject({ body: "see you at the station", status: "read" });
    const found = await ok<MessagePage>(ask(bob.socket, "im:search", { query: "station" }));
    expect(found.messages.map((hit) => hit.id)).toEqual([message.id]);
    expect((await ok<MessagePage>(ask(bob.socket, "im:search", { query: "harbour" }))).messages).toEqual([]);

    const tombstone = nextEvent(bob.socket, "im:message-changed");
    await ok(retract(alice, message.id));
    expect((await tombstone).message).toMatchObject({ body: "", retracted: true, reactions: [] });
    expect(await byId(bob, alice, message.id)).toMatchObject({ body: "", retracted: true });
    expect((await ok<MessagePage>(ask(bob.socket, "im:search", { query: "station" }))).messages).toEqual([]);
    expect(await edit(alice, message.id, "again")).toMatchObject({ ok: false, error: { code: "forbidden" } });
    close(alice, bob);
  });

  it("edits and deletions are the sender's, within 24 hours", async () => {
    const alice = await person("alice");
    const bob = await person("bob");
    await friends(alice, bob);
    const message = await sent(alice, bob, "mine");
    expect(await edit(bob, message.id, "yours")).toEqual({
      ok: false,
      error: { code: "forbidden", message: "You can only edit your own messages." },
    });
    expect(await retract(bob, message.id)).toMatchObject({ ok: false, error: { code: "forbidden" } });
    expect(await edit(alice, randomUUID(), "x")).toMatchObject({ ok: false, error: { code: "not_found" } });
    await runSql(server, `UPDATE "Message" SET "sentAt" = '2000-01-01T00:00:00.000+00:00' WHERE "id" = '${message.id}'`);
    expect(await edit(alice, message.id, "late")).toEqual({
      ok: false,
      error: { code: "forbidden", message: "Messages can only be edited within 24 hours." },
    });
    expect(await retract(alice, message.id)).toMatchObject({ ok: false, error: { code: "forbidden" } });
    // Reactions have no window.
    expect((await react(bob, message.id, "👍")).ok).toBe(true);
    close(alice, bob);
  });

  it("a device that was away catches up with every change by change seq", async () => {
    const alice = await person("alice");
    const bob = await person("bob");
    await friends(alice, bob);
    const [one, two, three] = [await sent(alice, bob, "one"), await sent(alice, bob, "two"), await sent(bob, alice, "three")];
    const before = await tab(bob);
    const { cursor, changeCursor } = before.inbox;
    close(bob, before);
    await ok(edit(alice, one.id, "one, edited"));
    await ok(retract(alice, two.id));
    await ok(react(alice, three.id, "❤️"));
    await ok(react(alice, three.id, "😂"));
    const back = await tab(bob);
    expect(back.inbox.changeCursor).toBeGreaterThan(changeCursor);
    const page = await ok<SyncPage>(ask(back.socket, "im:sync", { afterSeq: cursor, changesAfter: changeCursor }));
    expect(page.messages).toEqual([]);
    const changed = new Map(page.changed!.map((message) => [message.id, message]));
    expect(changed.size).toBe(3);
    expect(changed.get(one.id)).toMatchObject({ body: "one, edited" });
    expect(changed.get(two.id)).toMatchObject({ retracted: true, body: "" });
    expect(changed.get(three.id)!.reactions.map((reaction) => reaction.emoji)).toEqual(["❤️", "😂"]);
    expect(page.changeCursor).toBe(back.inbox.changeCursor);
    expect(page.changesHaveMore).toBe(false);
    // Asking again from the new cursor finds nothing new.
    const again = await ok<SyncPage>(ask(back.socket, "im:sync", { afterSeq: cursor, changesAfter: page.changeCursor! }));
    expect(again.changed).toEqual([]);
    close(alice, back);
  });

  it("nothing reaches someone who blocks the actor: their copy, events and catch-up stay as they were", async () => {
    const alice = await person("alice");
    const bob = await person("bob");
    await friends(alice, bob);
    const mine = await sent(alice, bob, "before the block");
    const theirs = await sent(bob, alice, "from bob");
    const { changeCursor } = (await tab(bob)).inbox;
    await ok(ask(bob.socket, "privacy:quick-rule", { username: alice.username, action: "block" }));
    const toBob = collect(bob.socket, "im:message-changed");
    const edited = await ok<InstantMessage>(edit(alice, mine.id, "after the block"));
    const reacted = await ok<InstantMessage>(react(alice, theirs.id, "👎"));
    const other = await sent(bob, alice, "still there?").catch(() => null); // bob may still write
    const retracted = other ? await ok<InstantMessage>(retract(alice, mine.id)) : null;
    // The actor's own view changes as usual.
    expect(edited).toMatchObject({ body: "after the block" });
    expect(reacted.reactions).toEqual([{ emoji: "👎", count: 1, mine: true, users: [alice.username] }]);
    if (retracted) expect(retracted).toMatchObject({ retracted: true });
    expect(await byId(alice, bob, theirs.id)).toMatchObject({ reactions: [{ emoji: "👎", mine: true }] });
    await quiet();
    expect(toBob).toEqual([]);
    expect(await byId(bob, alice, mine.id)).toMatchObject({ body: "before the block", editedAt: null, retracted: false });
    expect(await byId(bob, alice, theirs.id)).toMatchObject({ reactions: [] });
    const sync = await ok<SyncPage>(ask(bob.socket, "im:sync", { afterSeq: theirs.seq, changesAfter: changeCursor }));
    expect(sync.changed).toEqual([]);
    const aliceSync = await ok<SyncPage>(ask(alice.socket, "im:sync", { afterSeq: theirs.seq, changesAfter: 0 }));
    expect(aliceSync.changed!.map((message) => message.id).sort()).toEqual([mine.id, theirs.id].sort());
    close(alice, bob);
  });

  it("a declined request's sender changes only its own copy; reacting inside an unanswered request is refused", async () => {
    const bob = await person("bob");
    const stranger = await person("stranger");
    const first = await sent(stranger, bob, "hello, remember me?");
    expect(await react(bob, first.id, "👍")).toEqual({
      ok: false,
      error: { code: "forbidden", message: "Accept the message request before reacting." },
    });
    const held = await sent(stranger, bob, "hello?");
    await ok(ask(bob.socket, "im:respond-request", { peer: stranger.username, action: "decline" }));
    const later = await sent(stranger, bob, "anyone?");
    const toBob = collect(bob.socket, "im:message-changed");
    expect(await ok<InstantMessage>(edit(stranger, later.id, "anyone there?"))).toMatchObject({ body: "anyone there?" });
    expect(await ok<InstantMessage>(edit(stranger, held.id, "hello!"))).toMatchObject({ body: "hello!" });
    await quiet();
    expect(toBob).toEqual([]);
    const sync = await ok<SyncPage>(ask(bob.socket, "im:sync", { afterSeq: 0, changesAfter: 0 }));
    expect(sync.changed).toEqual([]);
    close(bob, stranger);
  });
});
