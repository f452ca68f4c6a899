// groupchat:search over real sockets: a member finds what its history shows and no more. A
// member who left does not find what was said after; a blocker does not find the blocked
// sender's messages (collapsed for it), nor the blocked the blocker's (never sent to it).
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { GroupMessagePage, GroupMessageView, GroupSummary } from "@/lib/protocol/groups";
import { ask, connect, newUser, ok, removeDataDir, startServer, type TestServer, type TestSocket } from "./harness";

let server: TestServer;

beforeAll(async () => {
  server = await startServer({ env: { PRESENCE_GRACE_MS: "200" } });
});
afterAll(async () => {
  expect(await server.stop()).toBe(0);
  removeDataDir(server.dataDir);
});

type Person = { username: string; socket: TestSocket };

async function person(prefix: string): Promise<Person> {
  const { username, cookie } = await newUser(server, prefix);
  const { socket } = await connect(server, cookie);
  return { username, socket };
}
async function friends(a: Person, b: Person) {
  await ok(ask(a.socket, "subscription:request", { username: b.username }));
  await ok(ask(b.socket, "subscription:request", { username: a.username }));
}
const send = (who: Person, groupId: string, body: string) =>
  ok<GroupMessageView>(ask(who.socket, "groupchat:send", { groupId, clientId: randomUUID(), body }));
const search = async (who: Person, query: string, beforeSeq?: number) =>
  ok<GroupMessagePage>(ask(who.socket, "groupchat:search", { query, limit: 2, ...(beforeSeq === undefined ? {} : { beforeSeq }) }));
const found = async (who: Person, query: string) => (await search(who, query)).messages.map((message) => message.body);

describe("searching group messages", () => {
  it("finds what each member's history shows: in range, across no block, newest first, in pages", async () => {
    const alice = await person("alice");
    const bob = await person("bob");
    const carol = await person("carol");
    const dave = await person("dave");
    for (const other of [bob, carol, dave]) await friends(alice, other);
    const group = await ok<GroupSummary>(
      ask(alice.socket, "groupchat:create", { clientId: randomUUID(), members: [bob.username, carol.username, dave.username] }),
    );
    const first = await send(alice, group.id, "lunch at noon?");
    await send(bob, group.id, "lunch sounds good");
    await send(carol, group.id, "Lunch! count me in");
    expect(await found(dave, "lunch")).toEqual(["Lunch! count me in", "lunch sounds good"]);
    const page = await search(dave, "lunch");
    expect(page.hasMore).toBe(true);
    const next = await search(dave, "lunch", page.messages.at(-1)!.seq);
    expect(next).toMatchObject({ messages: [{ id: first.id, groupId: group.id, sender: alice.username }], hasMore: false });
    expect(await found(dave, "noo")).toEqual(["lunch at noon?"]);

    // dave leaves: what came after is not his to find.
    await ok(ask(dave.socket, "groupchat:leave", { groupId: group.id }));
    await send(alice, group.id, "lunch moved to one");
    expect(await found(dave, "moved")).toEqual([]);
    expect(await found(bob, "moved")).toEqual(["lunch moved to one"]);

    // bob blocks carol: bob does not find carol's messages (hidden for him), nor carol bob's (omitted for her).
    await ok(ask(bob.socket, "privacy:quick-rule", { username: carol.username, action: "block" }));
    await send(carol, group.id, "pasta instead?");
    await send(bob, group.id, "pasta is fine");
    await send(alice, group.id, "pasta works");
    expect(await found(bob, "pasta")).toEqual(["pasta works", "pasta is fine"]);
    expect(await found(carol, "pasta")).toEqual(["pasta works", "pasta instead?"]);
    expect(await found(alice, "pasta")).toEqual(["pasta works", "pasta is fine"]);
    // Including what was said before the block.
    expect(await found(carol, "sounds")).toEqual([]);
    // A stranger finds nothing; a deleted message is found by nobody.
    const stranger = await person("stranger");
    expect(await found(stranger, "lunch")).toEqual([]);
    await ok(ask(alice.socket, "groupchat:retract", { messageId: first.id, clientId: randomUUID() }));
    expect(await found(bob, "noon")).toEqual([]);
    for (const who of [alice, bob, carol, dave, stranger]) who.socket.close();
  });
});
