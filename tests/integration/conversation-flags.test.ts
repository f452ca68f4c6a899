// The owner's own marks on a conversation, through a real server and sockets: mark as unread
// (reading clears it, and the peer's receipts never move), pins (first in the snapshot, at most
// MAX_PINNED_CONVERSATIONS), mute (no `notify`, no Web Push, unread still grows), and every
// tab of the owner hears each change while the peer hears nothing.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type ConversationSummary,
  type InboxSnapshot,
  type InstantMessage,
  MAX_PINNED_CONVERSATIONS,
} from "@/lib/protocol";
import { ask, collect, connect, newUser, ok, removeDataDir, startServer, type TestServer, type TestSocket } from "./harness";
import { type PushReceiver, startPushReceiver, type TestDevice } from "./push-receiver";

let server: TestServer;
let receiver: PushReceiver;

beforeAll(async () => {
  receiver = await startPushReceiver();
  server = await startServer({ env: { NODE_EXTRA_CA_CERTS: receiver.caFile } });
});
afterAll(async () => {
  if (process.env.SHOW_SERVER_LOGS) console.log(server.logs.filter((line) => /"level":(40|50)/.test(line)).join("\n"));
  expect(await server.stop()).toBe(0);
  await removeDataDir(server.dataDir);
  await receiver.close();
});

type Person = { username: string; cookie: string; socket: TestSocket; inbox: InboxSnapshot };

async function person(prefix: string): Promise<Person> {
  const { username, cookie } = await newUser(server, prefix);
  const { socket, inbox } = await connect(server, cookie);
  return { username, cookie, socket, inbox };
}

/** Another tab of the same account. */
async function tab(who: Person): Promise<Person> {
  const { socket, inbox } = await connect(server, who.cookie);
  return { ...who, socket, inbox };
}


const sent = (from: Person, to: Person, body: string) =>
  ok<InstantMessage>(ask(from.socket, "im:send", { to: to.username, clientId: randomUUID(), body }));
const setConversation = (who: Person, flags: Record<string, unknown>) => ask(who.socket, "im:set-conversation", flags);
const conversations = (who: Person) => ok<ConversationSummary[]>(ask(who.socket, "im:conversations"));
const summaryOf = async (who: Person, peer: Person) => (await conversations(who)).find((summary) => summary.peer === peer.username);


const waitFor = async (check: () => boolean, timeoutMs = 5_000) => {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};
/** Long enough for an event or push the server should not send to have arrived. */
const quiet = () => new Promise((resolve) => setTimeout(resolve, 800));

/** Each in the other's buddy list: their messages land in the conversation, not in requests. */
async function friends(a: Person, b: Person) {
  await ok(ask(a.socket, "subscription:request", { username: b.username }));
  await ok(ask(b.socket, "subscription:request", { username: a.username }));
}

const close = (...people: Person[]) => people.forEach((who) => who.socket.close());

describe("mark as unread", () => {
  it("shows a read conversation as unread until the owner reads it, and never moves the peer's receipts", async () => {
    const [alice, bob] = [await person("alice"), await person("bob")];
    await friends(alice, bob);
    const first = await sent(alice, bob, "hello");
    await ok(ask(bob.socket, "im:read", { peer: alice.username, upToSeq: first.seq }));
    const alicesBefore = await summaryOf(alice, bob);
    expect(alicesBefore!.peerReadSeq).toBe(first.seq);
    const aliceStatus = collect(alice.socket, "im:status");
    const aliceChanges = collect(alice.socket, "im:conversation-changed");
    const bobsOtherTab = await tab(bob);
    const heard = collect(bobsOtherTab.socket, "im:conversation-changed");

    const marked = await ok(setConversation(bob, { peer: alice.username, markedUnread: true }));
    expect(marked).toMatchObject({ peer: alice.username, markedUnread: true, unread: 0, lastReadSeq: first.seq });
    await waitFor(() => heard.length === 1);
    expect(heard[0]).toMatchObject({ peer: alice.username, markedUnread: true });
    // A repeat sets the same state: the same answer, nothing to announce.
    expect(await ok(setConversation(bob, { peer: alice.username, markedUnread: true }))).toEqual(marked);
    // The snapshot of a new tab carries the mark.
    const later = await tab(bob);
    expect(later.inbox.conversations.find((summary) => summary.peer === alice.username)).toMatchObject({ markedUnread: true });

    // Reading (nothing new to read) clears the mark in every tab.
    const read = await ok(ask(bob.socket, "im:read", { peer: alice.username, upToSeq: first.seq }));
    expect(read).toMatchObject({ markedUnread: false, unread: 0, lastReadSeq: first.seq });
    await waitFor(() => heard.length === 2);
    expect(heard[1]).toMatchObject({ markedUnread: false });

    await quiet();
    expect(aliceStatus).toEqual([]);
    expect(aliceChanges).toEqual([]);
    expect(await summaryOf(alice, bob)).toEqual(alicesBefore);
    close(alice, bob, bobsOtherTab, later);
  });

  it("keeps the mark while new messages arrive; reading them clears both", async () => {
    const [alice, bob] = [await person("alice"), await person("bob")];
    await friends(alice, bob);
    await sent(alice, bob, "one");
    await ok(setConversation(bob, { peer: alice.username, markedUnread: true }));
    const second = await sent(alice, bob, "two");
    expect(await summaryOf(bob, alice)).toMatchObject({ markedUnread: true, unread: 2 });
    expect(await ok(ask(bob.socket, "im:read", { peer: alice.username, upToSeq: second.seq }))).toMatchObject({
      markedUnread: false,
      unread: 0,
    });
    close(alice, bob);
  });
});

describe("pins", () => {
  it("lists pinned conversations first in the snapshot, newest first among them, and refuses one too many", async () => {
    const owner = await person("owner");
    const peers: Person[] = [];
    for (let index = 0; index <= MAX_PINNED_CONVERSATIONS; index++) peers.push(await person("peer"));
    for (const peer of peers) await sent(peer, owner, `from ${peer.username}`);
    // Newest first: the last peer wrote last. Pin the two oldest.
    expect(await ok(setConversation(owner, { peer: peers[1]!.username, pinned: true }))).toMatchObject({ pinned: true });
    await ok(setConversation(owner, { peer: peers[0]!.username, pinned: true }));
    const snapshot = (await tab(owner)).inbox.conversations.map((summary) => summary.peer);
    expect(snapshot.slice(0, 3)).toEqual([peers[1]!.username, peers[0]!.username, peers.at(-1)!.username]);

    for (const peer of peers.slice(2, MAX_PINNED_CONVERSATIONS)) await ok(setConversation(owner, { peer: peer.username, pinned: true }));
    const refused = await setConversation(owner, { peer: peers.at(-1)!.username, pinned: true, muted: true });
    expect(refused).toMatchObject({ ok: false, error: { code: "conflict" } });
    expect(await summaryOf(owner, peers.at(-1)!)).toMatchObject({ pinned: false, muted: false });
    // Unpinning one makes room; pinning again is a no-op.
    await ok(setConversation(owner, { peer: peers[0]!.username, pinned: false }));
    expect(await ok(setConversation(owner, { peer: peers.at(-1)!.username, pinned: true }))).toMatchObject({ pinned: true });
    expect(await ok(setConversation(owner, { peer: peers.at(-1)!.username, pinned: true }))).toMatchObject({ pinned: true });
    close(owner, ...peers);
  });

  it("answers a name with no conversation, an unknown name and an empty payload clearly, changing nothing", async () => {
    const [alice, bob] = [await person("alice"), await person("bob")];
    expect(await setConversation(alice, { peer: bob.username, pinned: true })).toMatchObject({ ok: false, error: { code: "not_found" } });
    expect(await setConversation(alice, { peer: "nobody-here-at-all", muted: true })).toMatchObject({ ok: false, error: { code: "not_found" } });
    expect(await setConversation(alice, { peer: bob.username })).toMatchObject({ ok: false, error: { code: "invalid_payload" } });
    expect(await setConversation(alice, { peer: bob.username, pinned: "yes" })).toMatchObject({ ok: false, error: { code: "invalid_payload" } });
    close(alice, bob);
  });
});

describe("mute", () => {
  it("takes `notify` off and holds Web Push back, while unread still grows; unmuting brings both back", async () => {
    const [alice, bob] = [await person("alice"), await person("bob")];
    await friends(alice, bob);
    await sent(alice, bob, "before mute");
    const device: TestDevice = receiver.device();
    const subscribed = await fetch(`${server.url}/api/push/subscriptions`, {
      method: "POST",
      headers: { cookie: bob.cookie, "content-type": "application/json" },
      body: JSON.stringify(device.subscription),
    });
    expect(subscribed.status).toBe(201);
    const received = collect(bob.socket, "im:received");
    const secondTab = await tab(bob);
    const heard = collect(secondTab.socket, "im:conversation-changed");

    expect(await ok(setConversation(bob, { peer: alice.username, muted: true }))).toMatchObject({ muted: true, unread: 1 });
    await waitFor(() => heard.some((summary) => summary.muted));
    await sent(alice, bob, "muted one");
    await sent(alice, bob, "muted two");
    await waitFor(() => received.length === 2);
    expect(received.map((message) => message.notify)).toEqual([false, false]);
    expect(await summaryOf(bob, alice)).toMatchObject({ muted: true, unread: 3 });
    await quiet();
    expect(receiver.for(device)).toEqual([]);

    await ok(setConversation(bob, { peer: alice.username, muted: false }));
    await waitFor(() => heard.some((summary) => !summary.muted && heard.indexOf(summary) > 0));
    await sent(alice, bob, "loud again");
    await waitFor(() => received.length === 3);
    expect(received[2]!.notify).toBe(true);
    const [push] = await receiver.waitFor(device);
    expect(push!.payload).toMatchObject({ body: "loud again" });
    close(alice, bob, secondTab);
  });

  it("mutes a message request too: no quiet notice for it", async () => {
    const [stranger, bob] = [await person("stranger"), await person("bob")];
    await sent(stranger, bob, "hi, we have not met");
    const device: TestDevice = receiver.device();
    await fetch(`${server.url}/api/push/subscriptions`, {
      method: "POST",
      headers: { cookie: bob.cookie, "content-type": "application/json" },
      body: JSON.stringify(device.subscription),
    });
    expect(await ok(setConversation(bob, { peer: stranger.username, muted: true }))).toMatchObject({ state: "request", muted: true });
    // Deleting the request and being written to again would give a fresh notice; muted, none.
    await ok(ask(bob.socket, "im:delete-conversation", { peer: stranger.username }));
    await sent(stranger, bob, "hello again");
    await quiet();
    expect(receiver.for(device)).toEqual([]);
    expect(await summaryOf(bob, stranger)).toMatchObject({ state: "request", muted: true, unread: 1 });
    close(stranger, bob);
  });
});
