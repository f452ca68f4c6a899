// Catching up with changes to group messages (reactions, edits, deletions for everyone) after a
// reconnect, by the change cursor of `groupchat:snapshot` and `groupchat:sync` `changesAfter`,
// under the rules the live events follow: a reaction never reaches someone either side of a
// block from the reactor, and a message the sender holds back from a member stays unknown to it.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { GroupMessageView, GroupSnapshot, GroupSummary, GroupSyncPage } from "@/lib/protocol/groups";
import { ask, connect, newUser, ok, removeDataDir, startServer, type TestServer, type TestSocket } from "./harness";

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
async function friends(a: Person, b: Person) {
  await ok(ask(a.socket, "subscription:request", { username: b.username }));
  await ok(ask(b.socket, "subscription:request", { username: a.username }));
}
const send = (who: Person, groupId: string, body: string) =>
  ok<GroupMessageView>(ask(who.socket, "groupchat:send", { groupId, clientId: randomUUID(), body }));
const react = (who: Person, message: GroupMessageView, emoji: string) =>
  ok<GroupMessageView>(ask(who.socket, "groupchat:react", { messageId: message.id, emoji, on: true, clientId: randomUUID() }));
const block = (owner: Person, other: Person) => ok(ask(owner.socket, "privacy:quick-rule", { username: other.username, action: "block" }));
const sync = (who: Person, afterSeq: number, changesAfter: number) =>
  ok<GroupSyncPage>(ask(who.socket, "groupchat:sync", { afterSeq, changesAfter }));

describe("catching up with changes in groups", () => {
  it("a member away catches up with a reaction, an edit and a deletion; one the reactor blocks hears of the edit only", async () => {
    const alice = await person("alice");
    const bob = await person("bob");
    const carol = await person("carol");
    const dave = await person("dave");
    for (const other of [bob, carol, dave]) await friends(alice, other);
    const group = await ok<GroupSummary>(
      ask(alice.socket, "groupchat:create", { clientId: randomUUID(), members: [bob.username, carol.username, dave.username] }),
    );
    await block(bob, dave);
    const question = await send(alice, group.id, "pizza tonight?");
    const answer = await send(bob, group.id, "yes, at 8");

    // carol and dave go away, remembering where they were.
    const carolAway = await tab(carol);
    const daveAway = await tab(dave);
    for (const who of [carol, dave, carolAway, daveAway]) who.socket.close();
    expect(carolAway.groups.changeCursor).toBe(daveAway.groups.changeCursor);

    await react(bob, question, "👍");
    await ok(ask(alice.socket, "groupchat:edit", { messageId: question.id, body: "pizza at 8?", clientId: randomUUID() }));
    await ok(ask(bob.socket, "groupchat:retract", { messageId: answer.id, clientId: randomUUID() }));

    const carolBack = await tab(carol);
    const caught = await sync(carolBack, carolAway.groups.cursor, carolAway.groups.changeCursor);
    expect(caught.messages).toEqual([]);
    expect(caught.changed!.map((message) => [message.id, message.body, message.retracted])).toEqual([
      [question.id, "pizza at 8?", false],
      [answer.id, "", true],
    ]);
    expect(caught.changed![0]!.reactions).toEqual([{ emoji: "👍", count: 1, mine: false, users: [bob.username] }]);
    expect(caught.changed![0]!.editedAt).not.toBeNull();
    expect(caught.changesHaveMore).toBe(false);
    expect(carolBack.groups.changeCursor).toBe(caught.changeCursor);
    // From the cursor it got: nothing again.
    expect((await sync(carolBack, caught.cursor, caught.changeCursor!)).changed).toEqual([]);

    // bob blocks dave: dave never had bob's message, and does not hear of bob's reaction.
    const daveBack = await tab(dave);
    const daveCaught = await sync(daveBack, daveAway.groups.cursor, daveAway.groups.changeCursor);
    expect(daveCaught.changed!.map((message) => [message.id, message.body])).toEqual([[question.id, "pizza at 8?"]]);
    expect(daveCaught.changed![0]!.reactions).toEqual([]);
    // The cursor passes what dave does not hear of, so his catch-up never stalls on it.
    expect(daveCaught.changeCursor).toBe(caught.changeCursor);
    for (const who of [alice, bob, carolBack, daveBack]) who.socket.close();
  });

  it("someone who left hears of changes made before, not after; someone never in the group of none", async () => {
    const alice = await person("alice");
    const bob = await person("bob");
    const carol = await person("carol");
    await friends(alice, bob);
    await friends(alice, carol);
    const group = await ok<GroupSummary>(ask(alice.socket, "groupchat:create", { clientId: randomUUID(), members: [bob.username, carol.username] }));
    const message = await send(alice, group.id, "hello");
    const start = carol.groups.changeCursor;
    await react(bob, message, "❤️");
    await ok(ask(carol.socket, "groupchat:leave", { groupId: group.id }));
    await ok(ask(alice.socket, "groupchat:edit", { messageId: message.id, body: "hello, edited", clientId: randomUUID() }));
    const caught = await sync(carol, 0, start);
    // The reaction, made before she left (her view is the message as it is now, as history shows it).
    expect(caught.changed!.map((changed) => changed.id)).toEqual([message.id]);
    expect(caught.changed![0]!.reactions).toEqual([{ emoji: "❤️", count: 1, mine: false, users: [bob.username] }]);
    // The edit after she left is not hers to hear of: her change cursor stops before it.
    const all = await sync(alice, 0, start);
    expect(all.changeCursor).toBeGreaterThan(caught.changeCursor!);
    expect((await sync(carol, 0, caught.changeCursor!)).changed).toEqual([]);
    const stranger = await person("stranger");
    expect(stranger.groups.changeCursor).toBe(0);
    expect(await sync(stranger, 0, 0)).toMatchObject({ changed: [], changeCursor: 0, changesHaveMore: false });
    for (const who of [alice, bob, carol, stranger]) who.socket.close();
  });
});
