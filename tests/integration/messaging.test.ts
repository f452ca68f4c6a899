// The instant message service over real sockets: offline delivery, idempotent sends, receipts,
// delivery rules (block, requests, accept-from, rate limits), catch-up, tabs in step, typing,
// deletion and search.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type {
  ConversationSummary,
  InboxSnapshot,
  InstantMessage,
  MessagePage,
  MessageStatusUpdate,
  ReceivedMessage,
  SyncPage,
} from "@/lib/protocol";
import { ask, collect, connect, newUser, nextEvent, ok, removeDataDir, startServer, type TestServer, type TestSocket } from "./harness";

let server: TestServer;

beforeAll(async () => {
  server = await startServer({ env: { PRESENCE_GRACE_MS: "200" } });
});
afterAll(async () => {
  if (process.env.SHOW_SERVER_LOGS) console.log(server.logs.filter((line) => /"level":(40|50)/.test(line)).join("\n"));
  expect(await server.stop()).toBe(0);
  removeDataDir(server.dataDir);
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


const send = (from: Person, to: string, body: string, clientId: string = randomUUID()) =>
  ask(from.socket, "im:send", { to, clientId, body });
const sent = (from: Person, to: Person, body: string) => ok<InstantMessage>(send(from, to.username, body));
const history = (who: Person, peer: Person, extra: Record<string, unknown> = {}) =>
  ok<MessagePage>(ask(who.socket, "im:history", { peer: peer.username, ...extra }));
const conversations = (who: Person) => ok<ConversationSummary[]>(ask(who.socket, "im:conversations"));

/** Every event of one kind a socket receives from now on. */

const settle = () => new Promise((resolve) => setTimeout(resolve, 300));
/** Long enough for a receipt the server should not send to have arrived (they take milliseconds). */
const quiet = () => new Promise((resolve) => setTimeout(resolve, 1_000));

const waitFor = async (check: () => boolean, timeoutMs = 5_000) => {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};

/** `owner` puts `contact` in its buddy list: the contact's messages reach `owner` directly. */
async function addContact(owner: Person, contact: Person) {
  await ok(ask(owner.socket, "subscription:request", { username: contact.username }));
}

async function friends(a: Person, b: Person) {
  await addContact(a, b);
  await addContact(b, a);
}

const close = (...people: Person[]) => people.forEach((who) => who.socket.close());

describe("sending and offline delivery", () => {
  it("stores messages to a closed inbox and hands them over, in order, when it opens", async () => {
    const alice = await person("alice");
    const bob = await person("bob");
    await friends(alice, bob);
    bob.socket.close();
    const bodies = ["one", "two", "three", "four", "five"];
    const acks: InstantMessage[] = [];
    for (const body of bodies) acks.push(await sent(alice, bob, body));
    expect(acks.map((ack) => ack.status)).toEqual(Array(5).fill("sent"));
    expect(acks.map((ack) => ack.seq)).toEqual([...acks.map((ack) => ack.seq)].sort((x, y) => x - y));

    const later = await tab(bob);
    const conversation = later.inbox.conversations.find((candidate) => candidate.peer === alice.username);
    expect(conversation).toMatchObject({ state: "accepted", unread: 5, lastMessage: { body: "five", direction: "incoming" } });
    expect(later.inbox.cursor).toBe(acks.at(-1)!.seq);
    const caughtUp = await ok<SyncPage>(ask(later.socket, "im:sync", { afterSeq: acks[0]!.seq - 1 }));
    expect(caughtUp.messages.map((message) => message.body)).toEqual(bodies);
    expect(caughtUp.messages.every((message) => message.peer === alice.username && message.clientId === null)).toBe(true);
    expect(caughtUp).toMatchObject({ hasMore: false, cursor: acks.at(-1)!.seq });
    const page = await history(later, alice);
    expect(page.messages.map((message) => message.body)).toEqual([...bodies].reverse());
    close(alice, later);
  });

  it("pushes a message to every open tab of the recipient at once", async () => {
    const alice = await person("alice");
    const bob = await person("bob");
    await friends(alice, bob);
    const second = await tab(bob);
    const [first, other] = [nextEvent(bob.socket, "im:received"), nextEvent(second.socket, "im:received")];
    const ack = await sent(alice, bob, "hello <b>bob</b>");
    for (const received of await Promise.all([first, other])) {
      expect(received).toEqual({
        message: { ...ack, peer: alice.username, direction: "incoming", clientId: null, status: "delivered" },
        notify: true,
      });
    }
    close(alice, bob, second);
  });

  it("accepts im:<username> as the address, and refuses yourself", async () => {
    const alice = await person("alice");
    const bob = await person("bob");
    await friends(alice, bob);
    expect((await send(alice, `im:${bob.username}`, "by address")).ok).toBe(true);
    expect(await send(alice, alice.username, "me")).toMatchObject({
      ok: false,
      error: { code: "invalid_payload", issues: [{ path: "to" }] },
    });
    close(alice, bob);
  });

  it("stores a resent message once and answers the retry with the same message", async () => {
    const alice = await person("alice");
    const bob = await person("bob");
    await friends(alice, bob);
    const clientId = randomUUID();
    const first = await ok<InstantMessage>(send(alice, bob.username, "exactly once", clientId));
    const second = await ok<InstantMessage>(send(alice, bob.username, "exactly once", clientId));
    expect(second).toEqual(first);
    expect(first.clientId).toBe(clientId);
    expect((await history(bob, alice)).messages.map((message) => message.body)).toEqual(["exactly once"]);
    // The same client id for a different message is a client bug, and says so.
    expect(await send(alice, bob.username, "something else", clientId)).toMatchObject({
      ok: false,
      error: { code: "conflict", issues: [{ path: "clientId" }] },
    });
    close(alice, bob);
  });

  it("stores concurrent sends (written together) each once, in order, with retries racing their first attempt", async () => {
    // Sends that arrive together are read and committed together: each must still get its own
    // answer, a retry sent alongside its first attempt the same message, and both sides'
    // conversations must point at the newest message.
    const [alice, bob, carol] = await Promise.all([person("alice"), person("bob"), person("carol")]);
    await Promise.all([friends(alice, bob), friends(alice, carol)]);
    const received = collect(bob.socket, "im:received");
    const twice = randomUUID();
    const acks = await Promise.all([
      ...Array.from({ length: 10 }, (_, index) => sent(alice, bob, `to bob ${index}`)),
      ...Array.from({ length: 10 }, (_, index) => sent(bob, alice, `to alice ${index}`)),
      ...Array.from({ length: 5 }, (_, index) => sent(carol, alice, `from carol ${index}`)),
      ok<InstantMessage>(send(alice, bob.username, "racing retry", twice)),
      ok<InstantMessage>(send(alice, bob.username, "racing retry", twice)),
    ]);
    const [first, retry] = acks.slice(-2);
    expect(retry).toEqual(first);
    expect(new Set(acks.map((ack) => ack.seq)).size).toBe(acks.length - 1);
    await waitFor(() => received.filter(({ message }) => message.direction === "incoming").length >= 11);
    await settle();
    expect(received.filter(({ message }) => message.body === "racing retry")).toHaveLength(1);
    const page = await history(bob, alice, { limit: 100 });
    expect(page.messages).toHaveLength(21);
    const seqs = page.messages.map((message) => message.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => b - a));
    const newest = Math.max(...acks.filter((ack) => !ack.body.startsWith("from carol")).map((ack) => ack.seq));
    const [bobs, alices] = await Promise.all([conversations(bob), conversations(alice)]);
    expect(bobs.find((conversation) => conversation.peer === alice.username)?.lastMessage.seq).toBe(newest);
    expect(alices.find((conversation) => conversation.peer === bob.username)?.lastMessage.seq).toBe(newest);
    expect(alices.find((conversation) => conversation.peer === carol.username)).toMatchObject({ state: "accepted", unread: 5 });
    close(alice, bob, carol);
  });

  it("refuses a body over 4 000 characters, and an empty one, storing nothing", async () => {
    const alice = await person("alice");
    const bob = await person("bob");
    await friends(alice, bob);
    expect(await send(alice, bob.username, "x".repeat(4_001))).toMatchObject({
      ok: false,
      error: { code: "invalid_payload", issues: [{ path: "body", message: "A message has at most 4 000 characters." }] },
    });
    expect(await send(alice, bob.username, "   ")).toMatchObject({ ok: false, error: { code: "invalid_payload" } });
    expect(await send(alice, bob.username, "bell\u0007")).toMatchObject({ ok: false, error: { code: "invalid_payload" } });
    expect((await history(alice, bob)).messages).toEqual([]);
    expect((await sent(alice, bob, "y".repeat(4_000))).body).toHaveLength(4_000);
    close(alice, bob);
  });

  it("drops a socket whose frame is over 64 KiB, before anything is stored", async () => {
    const alice = await person("alice");
    const bob = await person("bob");
    await friends(alice, bob);
    const dropped = new Promise<string>((resolve) => alice.socket.once("disconnect", resolve));
    alice.socket.emit("im:send", { to: bob.username, clientId: randomUUID(), body: "x".repeat(70_000) }, () => {});
    expect(await dropped).toBe("transport close");
    expect((await history(bob, alice)).messages).toEqual([]);
    close(bob);
  });

  it("never takes the sender from the payload", async () => {
    const alice = await person("alice");
    const bob = await person("bob");
    const response = await ask(alice.socket, "im:send", { to: bob.username, clientId: randomUUID(), body: "hi", from: bob.username });
    expect(response).toMatchObject({ ok: false, error: { code: "invalid_payload" } });
    close(alice, bob);
  });
});

describe("receipts", () => {
  it("tell the sender delivered, then read, when both have them on", async () => {
    const alice = await person("alice");
    const bob = await person("bob");
    await friends(alice, bob);
    const statuses = collect(alice.socket, "im:status");
    const received = nextEvent(bob.socket, "im:received");
    const ack = await sent(alice, bob, "did you get this?");
    const { message } = await received;
    expect(await ask(bob.socket, "im:confirm-delivery", { ids: [message.id] })).toEqual({ ok: true, data: null });
    await waitFor(() => statuses.length === 1);
    expect(statuses[0]).toMatchObject({ peer: bob.username, status: "delivered", ids: [ack.id] });
    const read = await ok<ConversationSummary | null>(ask(bob.socket, "im:read", { peer: alice.username, upToSeq: message.seq }));
    expect(read).toMatchObject({ unread: 0, lastReadSeq: message.seq });
    await waitFor(() => statuses.length === 2);
    expect(statuses[1]).toMatchObject({ peer: bob.username, status: "read", upToSeq: message.seq });
    expect((await history(alice, bob)).messages[0]).toMatchObject({ id: ack.id, status: "read" });
    expect((await history(bob, alice)).messages[0]).toMatchObject({ id: ack.id, status: "read", direction: "incoming" });
    close(alice, bob);
  });

  it("are neither sent nor seen when the reader has read receipts off", async () => {
    const alice = await person("alice");
    const bob = await person("bob");
    await friends(alice, bob);
    await ok(ask(bob.socket, "im:set-settings", { readReceipts: false }));
    const statuses = collect(alice.socket, "im:status");
    const ack = await sent(alice, bob, "secretly read");
    await ok(ask(bob.socket, "im:confirm-delivery", { ids: [ack.id] }));
    await ok(ask(bob.socket, "im:read", { peer: alice.username, upToSeq: ack.seq }));
    await settle();
    expect(statuses.map((update) => update.status)).toEqual(["delivered"]);
    expect((await history(alice, bob)).messages[0]?.status).toBe("delivered");
    // Turning them on later does not reveal what was read meanwhile.
    await ok(ask(bob.socket, "im:set-settings", { readReceipts: true }));
    expect((await history(alice, bob)).messages[0]?.status).toBe("delivered");
    const summary = (await conversations(alice)).find((candidate) => candidate.peer === bob.username);
    expect(summary?.peerReadSeq).toBe(0);
    close(alice, bob);
  });

  it("are neither sent nor seen when the sender has read receipts off", async () => {
    const alice = await person("alice");
    const bob = await person("bob");
    await friends(alice, bob);
    const settings = nextEvent(alice.socket, "im:settings-changed");
    expect(await ok(ask(alice.socket, "im:set-settings", { readReceipts: false }))).toEqual({
      acceptFrom: "everyone",
      readReceipts: false,
      notifyWhileBusy: false,
    });
    expect((await settings).readReceipts).toBe(false);
    const statuses = collect(alice.socket, "im:status");
    const ack = await sent(alice, bob, "you won't tell me");
    await ok(ask(bob.socket, "im:read", { peer: alice.username, upToSeq: ack.seq }));
    await settle();
    expect(statuses.filter((update) => update.status === "read")).toEqual([]);
    expect((await history(alice, bob)).messages[0]?.status).toBe("delivered"); // reading implies delivery
    // And alice, who sends none, sees none: bob reads nothing of hers as "read" on his side either.
    const reply = await sent(bob, alice, "mine");
    const bobStatuses = collect(bob.socket, "im:status");
    await ok(ask(alice.socket, "im:read", { peer: bob.username, upToSeq: reply.seq }));
    await settle();
    expect(bobStatuses.filter((update) => update.status === "read")).toEqual([]);
    expect((await history(bob, alice)).messages[0]).toMatchObject({ id: reply.id, status: "delivered" });
    close(alice, bob);
  });

  it("never mark read beyond the newest message", async () => {
    const alice = await person("alice");
    const bob = await person("bob");
    await friends(alice, bob);
    const first = await sent(alice, bob, "first");
    const read = await ok<ConversationSummary | null>(ask(bob.socket, "im:read", { peer: alice.username, upToSeq: 2_000_000_000 }));
    expect(read?.lastReadSeq).toBe(first.seq);
    await sent(alice, bob, "second");
    const summary = (await conversations(bob)).find((candidate) => candidate.peer === alice.username);
    expect(summary).toMatchObject({ unread: 1, lastMessage: { body: "second", status: "delivered" } });
    close(alice, bob);
  });
});

describe("receipts and typing tell no more than presence", () => {
  /** alice's tab is open and bob may not see it: bob's message reaches it, and is confirmed and read there. */
  async function heldFromBob(alice: Person, bob: Person, statuses: MessageStatusUpdate[], body: string) {
    const received = nextEvent(alice.socket, "im:received");
    const ack = await sent(bob, alice, body);
    expect((await received).message.id).toBe(ack.id);
    await ok(ask(alice.socket, "im:confirm-delivery", { ids: [ack.id] }));
    await ok(ask(alice.socket, "im:read", { peer: bob.username, upToSeq: ack.seq }));
    await quiet();
    expect(statuses).toEqual([]);
    expect((await history(bob, alice)).messages[0]).toMatchObject({ id: ack.id, status: "sent" });
    expect((await conversations(bob)).find((conversation) => conversation.peer === alice.username)?.peerReadSeq).toBe(0);
    return ack;
  }

  /** Once bob may see alice again, what her tab had is delivered; what she read then stays untold. */
  async function releasedToBob(alice: Person, bob: Person, statuses: MessageStatusUpdate[], ack: InstantMessage) {
    await waitFor(() => statuses.length === 1);
    expect(statuses[0]).toMatchObject({ peer: alice.username, status: "delivered", ids: [ack.id] });
    expect((await history(bob, alice)).messages[0]).toMatchObject({ id: ack.id, status: "delivered" });
    // A read receipt for what she reads from now on.
    const next = await sent(bob, alice, "and now?");
    await ok(ask(alice.socket, "im:confirm-delivery", { ids: [next.id] }));
    await ok(ask(alice.socket, "im:read", { peer: bob.username, upToSeq: next.seq }));
    await waitFor(() => statuses.length === 3);
    expect(statuses.slice(1)).toMatchObject([
      { status: "delivered", ids: [next.id] },
      { status: "read", upToSeq: next.seq },
    ]);
  }

  it("hold delivered and read while the recipient is invisible, and release delivered when she is visible again", async () => {
    const alice = await person("alice");
    const bob = await person("bob");
    await friends(alice, bob);
    await ok(ask(alice.socket, "privacy:set-invisible", { invisible: true }));
    const statuses = collect(bob.socket, "im:status");
    const ack = await heldFromBob(alice, bob, statuses, "are you there?");
    await ok(ask(alice.socket, "privacy:set-invisible", { invisible: false }));
    await releasedToBob(alice, bob, statuses, ack);
    close(alice, bob);
  });

  it("hold them the same way while the recipient polite-blocks the sender", async () => {
    const alice = await person("alice");
    const bob = await person("bob");
    await friends(alice, bob);
    await ok(ask(alice.socket, "privacy:quick-rule", { username: bob.username, action: "polite-block" }));
    const statuses = collect(bob.socket, "im:status");
    const ack = await heldFromBob(alice, bob, statuses, "hello?");
    await ok(ask(alice.socket, "privacy:quick-rule", { username: bob.username, action: "allow" }));
    await releasedToBob(alice, bob, statuses, ack);
    close(alice, bob);
  });

  it("relay no typing from someone invisible or polite-blocking, until the view opens", async () => {
    const alice = await person("alice");
    const bob = await person("bob");
    await friends(alice, bob);
    const typing = collect(bob.socket, "im:typing");
    await ok(ask(alice.socket, "privacy:set-invisible", { invisible: true }));
    expect(await ask(alice.socket, "im:typing", { to: bob.username, typing: true })).toEqual({ ok: true, data: null });
    await ok(ask(alice.socket, "privacy:set-invisible", { invisible: false }));
    await ok(ask(alice.socket, "privacy:quick-rule", { username: bob.username, action: "polite-block" }));
    await new Promise((resolve) => setTimeout(resolve, 2_100)); // past the relay interval
    expect(await ask(alice.socket, "im:typing", { to: bob.username, typing: true })).toEqual({ ok: true, data: null });
    await quiet();
    expect(typing).toEqual([]);
    await ok(ask(alice.socket, "privacy:quick-rule", { username: bob.username, action: "allow" }));
    await ok(ask(alice.socket, "im:typing", { to: bob.username, typing: false }));
    await waitFor(() => typing.length === 1);
    expect(typing).toEqual([{ from: alice.username, typing: false }]);
    close(alice, bob);
  });

  it("relay no typing from an accepted request until the owner writes back", async () => {
    const bob = await person("bob");
    const dave = await person("dave");
    await sent(dave, bob, "hi bob");
    await ok(ask(bob.socket, "im:respond-request", { peer: dave.username, action: "accept" }));
    const typing = collect(dave.socket, "im:typing");
    await ok(ask(bob.socket, "im:typing", { to: dave.username, typing: true }));
    await quiet();
    expect(typing).toEqual([]);
    await sent(bob, dave, "hi dave");
    await ok(ask(bob.socket, "im:typing", { to: dave.username, typing: true }));
    await waitFor(() => typing.length === 1);
    expect(typing).toEqual([{ from: bob.username, typing: true }]);
    close(bob, dave);
  });
});

describe("delivery rules", () => {
  it("fail a blocked sender exactly like an unknown address", async () => {
    const bob = await person("bob");
    const mallory = await person("mallory");
    await sent(mallory, bob, "hi there"); // a stranger: lands in bob's requests
    expect(await ok(ask(bob.socket, "im:respond-request", { peer: mallory.username, action: "block" }))).toBeNull();
    const clientId = randomUUID();
    const toBlocker = await send(mallory, bob.username, "let me in", clientId);
    const toNobody = await send(mallory, "nobody_here_at_all", "let me in", clientId);
    expect(toBlocker).toEqual(toNobody);
    expect(toBlocker).toEqual({ ok: false, error: { code: "not_found", message: "There is no account with that name." } });
    // The block is an access rule, shared with presence: bob is gone for mallory there too.
    const privacy = await ok<{ rules: { subject: { type: string; username?: string }; action: string }[] }>(
      ask(bob.socket, "privacy:get"),
    );
    expect(privacy.rules[0]).toMatchObject({ subject: { type: "user", username: mallory.username }, action: "block" });
    expect(await ask(mallory.socket, "presence:fetch", { username: bob.username })).toMatchObject({
      ok: false,
      error: { code: "not_found" },
    });
    expect((await conversations(bob)).map((conversation) => conversation.peer)).not.toContain(mallory.username);
    close(bob, mallory);
  });

  it("fail a sender blocked by an access rule alone the same way, and relay no typing", async () => {
    const bob = await person("bob");
    const mallory = await person("mallory");
    await friends(bob, mallory);
    await ok(ask(bob.socket, "privacy:quick-rule", { username: mallory.username, action: "block" }));
    const typing = collect(bob.socket, "im:typing");
    expect(await ask(mallory.socket, "im:typing", { to: bob.username, typing: true })).toEqual({ ok: true, data: null });
    expect(await send(mallory, bob.username, "still friends?")).toEqual(await send(mallory, "nobody_here_at_all", "x"));
    await settle();
    expect(typing).toEqual([]);
    close(bob, mallory);
  });

  it("put a non-contact's first messages into message requests; accepting moves them to conversations, telling the sender nothing until the owner writes back", async () => {
    const bob = await person("bob");
    const dave = await person("dave");
    const changes = collect(bob.socket, "im:conversation-changed");
    const received = nextEvent(bob.socket, "im:received");
    const daveStatuses = collect(dave.socket, "im:status");
    const ack = await sent(dave, bob, "we met at the conference");
    expect((await received).message.body).toBe("we met at the conference");
    await waitFor(() => changes.length === 1);
    expect(changes[0]).toMatchObject({ peer: dave.username, state: "request", unread: 1 });
    // A request's sender is not told it was delivered (or read): a declined one must look the same.
    await ok(ask(bob.socket, "im:confirm-delivery", { ids: [ack.id] }));
    await ok(ask(bob.socket, "im:read", { peer: dave.username, upToSeq: ack.seq }));
    await settle();
    expect(daveStatuses).toEqual([]);
    const accepted = await ok<ConversationSummary | null>(
      ask(bob.socket, "im:respond-request", { peer: dave.username, action: "accept" }),
    );
    expect(accepted).toMatchObject({ peer: dave.username, state: "accepted" });
    expect((await conversations(bob)).find((conversation) => conversation.peer === dave.username)?.state).toBe("accepted");
    // Dave's messages now arrive as in any conversation, but accepting is not announced: they
    // stay "sent" and get no receipts, whatever bob's devices do, until bob writes back.
    const next = await sent(dave, bob, "thanks!");
    expect((await conversations(bob)).find((conversation) => conversation.peer === dave.username)?.lastMessage.id).toBe(next.id);
    await ok(ask(bob.socket, "im:confirm-delivery", { ids: [ack.id, next.id] }));
    await ok(ask(bob.socket, "im:read", { peer: dave.username, upToSeq: next.seq }));
    await quiet();
    expect(daveStatuses).toEqual([]);
    expect((await history(dave, bob)).messages.map((message) => message.status)).toEqual(["sent", "sent"]);
    // Writing back tells it: what bob's devices had counts as delivered. What he read before is never told.
    await sent(bob, dave, "nice to meet you");
    await waitFor(() => daveStatuses.length === 1);
    expect(daveStatuses[0]).toMatchObject({ peer: bob.username, status: "delivered", ids: [ack.id, next.id] });
    expect((await history(dave, bob)).messages.map((message) => [message.direction, message.status])).toEqual([
      ["incoming", "delivered"],
      ["outgoing", "delivered"],
      ["outgoing", "delivered"],
    ]);
    // From then on, receipts as in any conversation.
    const later = await sent(dave, bob, "likewise");
    await ok(ask(bob.socket, "im:confirm-delivery", { ids: [later.id] }));
    await ok(ask(bob.socket, "im:read", { peer: dave.username, upToSeq: later.seq }));
    await waitFor(() => daveStatuses.length === 3);
    expect(daveStatuses.slice(1)).toMatchObject([
      { status: "delivered", ids: [later.id] },
      { status: "read", upToSeq: later.seq },
    ]);
    close(bob, dave);
  });

  it("let a declined sender keep sending, told nothing, while the recipient sees nothing", async () => {
    const bob = await person("bob");
    const erin = await person("erin");
    const first = await sent(erin, bob, "buy my stuff");
    const removed = nextEvent(bob.socket, "im:conversation-removed");
    expect(await ok(ask(bob.socket, "im:respond-request", { peer: erin.username, action: "decline" }))).toBeNull();
    expect(await removed).toEqual({ peer: erin.username });
    const bobHears = collect(bob.socket, "im:received");
    const erinHears = collect(erin.socket, "im:status");
    const again = await send(erin, bob.username, "really, buy it");
    expect(again).toMatchObject({ ok: true, data: { status: "sent", body: "really, buy it" } });
    await settle();
    expect(bobHears).toEqual([]);
    expect(erinHears).toEqual([]);
    expect((await conversations(bob)).map((conversation) => conversation.peer)).not.toContain(erin.username);
    expect((await history(bob, erin)).messages).toEqual([]);
    expect((await history(erin, bob)).messages.map((message) => [message.id === first.id, message.status])).toEqual([
      [false, "sent"],
      [true, "sent"],
    ]);
    // Decline and block leave the same trace for the sender: nothing. Only a block refuses.
    expect(await ask(bob.socket, "im:respond-request", { peer: erin.username, action: "accept" })).toMatchObject({
      ok: false,
      error: { code: "not_found" },
    });
    close(bob, erin);
  });

  it("refuse strangers when the inbox accepts only contacts, and everyone when it accepts nobody", async () => {
    const bob = await person("bob");
    const carol = await person("carol");
    const stranger = await person("stranger");
    await friends(bob, carol);
    await ok(ask(bob.socket, "im:set-settings", { acceptFrom: "contacts" }));
    expect(await send(stranger, bob.username, "hello?")).toEqual({
      ok: false,
      error: { code: "forbidden", message: `${bob.username} accepts messages from contacts only.` },
    });
    expect((await send(carol, bob.username, "hi bob")).ok).toBe(true);
    await ok(ask(bob.socket, "im:set-settings", { acceptFrom: "nobody" }));
    expect(await send(carol, bob.username, "hi again")).toMatchObject({ ok: false, error: { code: "forbidden" } });
    expect((await history(bob, carol)).messages.map((message) => message.body)).toEqual(["hi bob"]);
    close(bob, carol, stranger);
  });

  it("hold a stranger to 5 messages a minute per inbox, storing nothing past that", async () => {
    const bob = await person("bob");
    const spammer = await person("spam");
    for (let i = 1; i <= 5; i++) expect((await send(spammer, bob.username, `offer ${i}`)).ok).toBe(true);
    const sixth = await send(spammer, bob.username, "offer 6");
    expect(sixth).toMatchObject({ ok: false, error: { code: "rate_limited" } });
    const { retryAfter } = (sixth as { error: { retryAfter: number } }).error;
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect((await history(bob, spammer)).messages).toHaveLength(5);
    expect((await history(spammer, bob)).messages).toHaveLength(5);
    close(bob, spammer);
  });

  it("hold anyone to 30 messages in 10 seconds; a retry of a stored message still gets its answer", async () => {
    const alice = await person("alice");
    const bob = await person("bob");
    await friends(alice, bob);
    const clientIds = Array.from({ length: 31 }, () => randomUUID());
    const acks = await Promise.all(clientIds.map((clientId, i) => send(alice, bob.username, `burst ${i}`, clientId)));
    expect(acks.filter((ack) => ack.ok)).toHaveLength(30);
    const refused = acks.filter((ack) => !ack.ok);
    expect(refused).toEqual([
      {
        ok: false,
        error: { code: "rate_limited", message: expect.any(String), retryAfter: expect.any(Number) },
      },
    ]);
    expect((await history(bob, alice, { limit: 100 })).messages).toHaveLength(30);
    const storedIndex = acks.findIndex((ack) => ack.ok);
    const retry = await send(alice, bob.username, `burst ${storedIndex}`, clientIds[storedIndex]);
    expect(retry).toEqual(acks[storedIndex]);
    close(alice, bob);
  });

  it("suppress notifications while the recipient is busy, unless asked for", async () => {
    const alice = await person("alice");
    const bob = await person("bob");
    await friends(alice, bob);
    await ok(ask(bob.socket, "presence:set-status", { availability: "busy" }));
    let received = nextEvent(bob.socket, "im:received");
    await sent(alice, bob, "got a minute?");
    expect((await received).notify).toBe(false);
    await ok(ask(bob.socket, "im:set-settings", { notifyWhileBusy: true }));
    received = nextEvent(bob.socket, "im:received");
    await sent(alice, bob, "urgent");
    expect((await received).notify).toBe(true);
    close(alice, bob);
  });
});

describe("catch-up and tabs in step", () => {
  it("gives a reconnected tab exactly what it missed, paged, without gaps or duplicates", async () => {
    const alice = await person("alice");
    const bob = await person("bob");
    await friends(alice, bob);
    const live: ReceivedMessage[] = collect(bob.socket, "im:received");
    await sent(alice, bob, "before the drop");
    await waitFor(() => live.length === 1);
    const cursor = Math.max(...live.map((received) => received.message.seq));
    bob.socket.close();
    const missed = [];
    for (const body of ["while away 1", "while away 2", "while away 3"]) missed.push(await sent(alice, bob, body));
    missed.push(await sent(alice, bob, "while away 4"));

    const back = await tab(bob);
    const seen = new Map<string, InstantMessage>();
    let from = cursor;
    let pages = 0;
    for (;;) {
      const page = await ok<SyncPage>(ask(back.socket, "im:sync", { afterSeq: from, limit: 3 }));
      pages += 1;
      for (const message of page.messages) {
        expect(seen.has(message.id)).toBe(false);
        seen.set(message.id, message);
      }
      from = page.cursor;
      if (!page.hasMore) break;
    }
    expect(pages).toBe(2);
    expect([...seen.values()].map((message) => message.body)).toEqual(missed.map((message) => message.body));
    expect((await ok<SyncPage>(ask(back.socket, "im:sync", { afterSeq: from }))).messages).toEqual([]);
    close(alice, back);
  });

  it("shows what one tab sends in the others, and reading in one clears unread in all", async () => {
    const alice = await person("alice");
    const aliceTwo = await tab(alice);
    const bob = await person("bob");
    await friends(alice, bob);
    const bobTwo = await tab(bob);

    const inSender = collect(alice.socket, "im:received");
    const inOtherTab = nextEvent(aliceTwo.socket, "im:received");
    const ack = await sent(alice, bob, "from tab one");
    expect((await inOtherTab).message).toEqual(ack);
    expect(ack).toMatchObject({ direction: "outgoing", peer: bob.username });
    await settle();
    expect(inSender).toEqual([]); // the sending tab has it from its ack

    const cleared = nextEvent(bobTwo.socket, "im:conversation-changed");
    await ok(ask(bob.socket, "im:read", { peer: alice.username, upToSeq: ack.seq }));
    expect(await cleared).toMatchObject({ peer: alice.username, unread: 0, lastReadSeq: ack.seq });
    close(alice, aliceTwo, bob, bobTwo);
  });

  it("sends a conversation to every tab of both sides when it starts", async () => {
    const alice = await person("alice");
    const aliceTwo = await tab(alice);
    const bob = await person("bob");
    await friends(alice, bob);
    const forAlice = nextEvent(aliceTwo.socket, "im:conversation-changed");
    const forBob = nextEvent(bob.socket, "im:conversation-changed");
    await sent(alice, bob, "first ever");
    expect(await forAlice).toMatchObject({ peer: bob.username, state: "accepted", unread: 0, displayName: bob.username });
    expect(await forBob).toMatchObject({ peer: alice.username, state: "accepted", unread: 1 });
    close(alice, aliceTwo, bob);
  });
});

describe("typing", () => {
  it("is relayed between contacts, not to strangers' inboxes", async () => {
    const alice = await person("alice");
    const bob = await person("bob");
    const stranger = await person("stranger");
    await friends(alice, bob);
    const typing = collect(bob.socket, "im:typing");
    await ok(ask(alice.socket, "im:typing", { to: bob.username, typing: true }));
    await ok(ask(stranger.socket, "im:typing", { to: bob.username, typing: true }));
    await ok(ask(alice.socket, "im:typing", { to: bob.username, typing: true })); // within the relay interval
    await ok(ask(alice.socket, "im:typing", { to: bob.username, typing: false }));
    await settle();
    expect(typing).toEqual([
      { from: alice.username, typing: true },
      { from: alice.username, typing: false },
    ]);
    close(alice, bob, stranger);
  });
});

describe("the inbox user agent", () => {
  it("deletes a conversation from my inbox only", async () => {
    const alice = await person("alice");
    const bob = await person("bob");
    await friends(alice, bob);
    await sent(alice, bob, "keep this");
    await sent(bob, alice, "and this");
    const removed = nextEvent(bob.socket, "im:conversation-removed");
    expect(await ask(bob.socket, "im:delete-conversation", { peer: alice.username })).toEqual({ ok: true, data: null });
    expect(await removed).toEqual({ peer: alice.username });
    expect((await conversations(bob)).map((conversation) => conversation.peer)).not.toContain(alice.username);
    expect((await history(bob, alice)).messages).toEqual([]);
    expect((await history(alice, bob)).messages.map((message) => message.body)).toEqual(["and this", "keep this"]);
    // A new message starts it afresh, with only itself.
    await sent(alice, bob, "new start");
    expect((await history(bob, alice)).messages.map((message) => message.body)).toEqual(["new start"]);
    expect((await conversations(bob)).find((conversation) => conversation.peer === alice.username)).toMatchObject({
      unread: 1,
      state: "accepted",
    });
    close(alice, bob);
  });

  it("deletes single messages from my inbox only, in every tab", async () => {
    const alice = await person("alice");
    const bob = await person("bob");
    await friends(alice, bob);
    const bobTwo = await tab(bob);
    const keep = await sent(alice, bob, "keep");
    const drop = await sent(alice, bob, "drop");
    const deleted = nextEvent(bobTwo.socket, "im:deleted");
    const changed = nextEvent(bobTwo.socket, "im:conversation-changed");
    await ok(ask(bob.socket, "im:delete", { ids: [drop.id, randomUUID()] }));
    expect(await deleted).toEqual({ peer: alice.username, ids: [drop.id] });
    expect(await changed).toMatchObject({ peer: alice.username, unread: 1, lastMessage: { id: keep.id } });
    expect((await history(bob, alice)).messages.map((message) => message.id)).toEqual([keep.id]);
    expect((await history(alice, bob)).messages.map((message) => message.id)).toEqual([drop.id, keep.id]);
    close(alice, bob, bobTwo);
  });

  it("searches my history through the index, never finding what I deleted", async () => {
    const alice = await person("alice");
    const bob = await person("bob");
    const outsider = await person("outsider");
    await friends(alice, bob);
    await friends(alice, outsider);
    const fox = await sent(alice, bob, "The quick brown fox");
    await sent(bob, alice, "jumps over the lazy dog");
    await sent(alice, outsider, "a quick note for someone else");
    const search = (who: Person, query: string) => ok<MessagePage>(ask(who.socket, "im:search", { query }));

    expect((await search(bob, "QUICK")).messages.map((message) => message.id)).toEqual([fox.id]);
    expect((await search(bob, "brown fo")).messages.map((message) => message.body)).toEqual(["The quick brown fox"]);
    expect((await search(bob, "quick dog")).messages).toEqual([]);
    // Query syntax is not interpreted: quotes and operators only separate words.
    expect((await search(bob, "\"lazy\" -dog* (")).messages.map((message) => message.body)).toEqual([
      "jumps over the lazy dog",
    ]);
    expect((await search(bob, "?!")).messages).toEqual([]);
    expect((await search(outsider, "fox")).messages).toEqual([]);

    await ok(ask(bob.socket, "im:delete", { ids: [fox.id] }));
    expect((await search(bob, "fox")).messages).toEqual([]);
    expect((await search(alice, "fox")).messages.map((message) => message.id)).toEqual([fox.id]);
    close(alice, bob, outsider);
  });

  it("pages history newest first with hasMore", async () => {
    const alice = await person("alice");
    const bob = await person("bob");
    await friends(alice, bob);
    const acks = [];
    for (let i = 1; i <= 5; i++) acks.push(await sent(i % 2 ? alice : bob, i % 2 ? bob : alice, `m${i}`));
    const first = await history(bob, alice, { limit: 2 });
    expect(first).toMatchObject({ hasMore: true });
    expect(first.messages.map((message) => message.body)).toEqual(["m5", "m4"]);
    const second = await history(bob, alice, { limit: 2, beforeSeq: first.messages.at(-1)!.seq });
    expect(second.messages.map((message) => message.body)).toEqual(["m3", "m2"]);
    const last = await history(bob, alice, { limit: 2, beforeSeq: second.messages.at(-1)!.seq });
    expect(last).toMatchObject({ hasMore: false });
    expect(last.messages.map((message) => [message.body, message.direction])).toEqual([["m1", "incoming"]]);
    // Someone with no conversation with me, existing or not, has an empty history.
    expect((await ok<MessagePage>(ask(bob.socket, "im:history", { peer: "nobody_here_at_all" }))).messages).toEqual([]);
    close(alice, bob);
  });

  it("refuses payloads with unknown fields or bad values", async () => {
    const alice = await person("alice");
    for (const [event, payload] of [
      ["im:history", { peer: "x", limit: 101 }],
      ["im:sync", { afterSeq: -1 }],
      ["im:read", { peer: "x", upToSeq: 1, extra: true }],
      ["im:confirm-delivery", { ids: [] }],
      ["im:set-settings", {}],
      ["im:set-settings", { acceptFrom: "friends" }],
      ["im:search", { query: "   " }],
      ["im:send", { to: "x", clientId: "not-a-uuid", body: "hi" }],
    ] as const) {
      expect(await ask(alice.socket, event, payload), `${event} ${JSON.stringify(payload)}`).toMatchObject({
        ok: false,
        error: { code: "invalid_payload" },
      });
    }
    close(alice);
  });
});

describe("status updates carry what the UI needs", () => {
  it("a delivered update names the message ids; a read update the seq", async () => {
    const alice = await person("alice");
    const bob = await person("bob");
    await friends(alice, bob);
    const updates: MessageStatusUpdate[] = collect(alice.socket, "im:status");
    const acks = [await sent(alice, bob, "a"), await sent(alice, bob, "b")];
    await ok(ask(bob.socket, "im:confirm-delivery", { ids: acks.map((ack) => ack.id) }));
    await ok(ask(bob.socket, "im:confirm-delivery", { ids: acks.map((ack) => ack.id) })); // twice: told once
    await ok(ask(bob.socket, "im:read", { peer: alice.username, upToSeq: acks[1]!.seq }));
    await settle();
    expect(updates).toEqual([
      { peer: bob.username, status: "delivered", ids: acks.map((ack) => ack.id), at: expect.any(String) },
      { peer: bob.username, status: "read", upToSeq: acks[1]!.seq, at: expect.any(String) },
    ]);
    close(alice, bob);
  });
});
