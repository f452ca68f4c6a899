// The messaging service on in-memory storage (lib/db/memory-storage.ts), with the real inbox
// service and reader. What presence decides (blocks, contacts, hidden views, who is online) is
// stated by each test through a small stand-in: the access decisions have their own tests.
import { randomUUID } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { createMemoryStorage } from "@/lib/db/memory-storage";
import type { PresentityEntry } from "@/lib/presence/presence-state";
import { ErrorCode } from "@/lib/protocol/errors";
import type { MessageChanged, MessageStatusUpdate, ReceivedMessage, TypingNotice } from "@/lib/protocol/im";
import { createInboxReader } from "./inbox-reader";
import { createInboxService } from "./inbox-service";
import { createMessageChangeService } from "./message-change-service";
import { createMessagingService } from "./messaging-service";
import type { InboxNotifier } from "./notifier";
import { contactsOnly } from "@/lib/presence/service/test-entry";

type Person = { id: string; username: string; displayName: string; sessionId: string };

function world() {
  const storage = createMemoryStorage();
  const { messages, inboxSettings: inboxes, accounts, search, messageChanges: changes } = storage;
  /** `${owner}>${other}` pairs. */
  const blocks = new Set<string>();
  const hidden = new Set<string>();
  const contacts = new Map<string, Set<string>>();
  const online = new Set<string>();
  const busy = new Set<string>();
  let wait = 0;
  const names = new Map<string, string>();
  const viewsOpened: ((presentityId: string, watcherIds: string[]) => void)[] = [];

  const received: { userId: string; received: ReceivedMessage; except?: string }[] = [];
  const statuses: { userId: string; update: MessageStatusUpdate }[] = [];
  const typings: { userId: string; notice: TypingNotice }[] = [];
  const changed: { userId: string; changed: MessageChanged; except?: string }[] = [];
  const notifier: InboxNotifier = {
    messageReceived: (userId, message, except) => received.push({ userId, received: message, except }),
    messageStatus: (userId, update) => statuses.push({ userId, update }),
    typing: (userId, notice) => typings.push({ userId, notice }),
    conversationChanged: () => {},
    conversationRemoved: () => {},
    messagesDeleted: () => {},
    inboxSettingsChanged: () => {},
    messageChanged: (userId, change, except) => changed.push({ userId, changed: change, except }),
  };

  const known = {
    idOf: async (_viewer: { id: string }, username: string) => storage.presence.idOf(username),
    inboxPeerId: async (username: string) => storage.presence.idOf(username),
  };
  const reader = createInboxReader({ messages, inboxes, accounts, changes });
  const inbox = createInboxService({ known, messages, changes, inboxes, reader, search, accounts, notifier, block: async () => {} });
  const entry = (id: string) =>
    ({
      doc: { username: names.get(id)!, availability: busy.has(id) ? "busy" : "available" },
      relations: contactsOnly(contacts.get(id) ?? []),
    }) as unknown as PresentityEntry;
  const state = { get: async (id: string) => (names.has(id) ? entry(id) : null), loadVisibility: async () => {} };
  const blocksOf = (presentity: PresentityEntry, watcherId: string) => {
    const ownerId = [...names].find(([, username]) => username === presentity.doc.username)![0];
    return blocks.has(`${ownerId}>${watcherId}`);
  };
  let offset = 0;
  const clock = () => Date.now() + offset;
  const messaging = createMessagingService({
    state,
    known,
    presence: {
      blocks: blocksOf,
      hiddenFrom: async (presentityId, watcherId) => hidden.has(`${presentityId}>${watcherId}`),
      isOnline: (userId) => online.has(userId),
      onViewsOpened: (listener) => void viewsOpened.push(listener),
    },
    messages,
    changes,
    inboxes,
    inbox,
    reader,
    notifier,
    limiter: { take: async () => wait },
    logger: { error: () => {} },
    now: clock,
  });
  const messageChanges = createMessageChangeService({
    state,
    presence: { blocks: blocksOf },
    messages,
    changes,
    reader,
    notifier,
    now: clock,
  });

  return {
    storage,
    messaging,
    messageChanges,
    inbox,
    received,
    changed,
    /** Moves the clock of both services on. */
    later: (ms: number) => {
      offset += ms;
    },
    statuses,
    typings,
    async person(prefix = "user"): Promise<Person> {
      const username = `${prefix}${randomUUID().slice(0, 6)}`;
      const created = await accounts.create({ username, displayName: prefix, passwordHash: "x" }, { mode: "open", inviteHash: null, now: new Date() });
      if (typeof created === "string") throw new Error(created);
      names.set(created.id, username);
      online.add(created.id);
      return { id: created.id, username, displayName: prefix, sessionId: randomUUID() };
    },
    block: (owner: Person, other: Person) => blocks.add(`${owner.id}>${other.id}`),
    hide: (presentity: Person, watcher: Person) => hidden.add(`${presentity.id}>${watcher.id}`),
    /** The presentity's view opens again for the watcher, as the presence service tells it. */
    show(presentity: Person, watcher: Person) {
      hidden.delete(`${presentity.id}>${watcher.id}`);
      for (const listener of viewsOpened) listener(presentity.id, [watcher.id]);
    },
    contact: (owner: Person, other: Person) => contacts.set(owner.id, new Set([...(contacts.get(owner.id) ?? []), other.id])),
    offline: (person: Person) => online.delete(person.id),
    limit: (seconds: number) => {
      wait = seconds;
    },
    /** Every message stored, for either side. */
    stored: () => storage.tables.messages,
  };
}

let current: ReturnType<typeof world> | undefined;
const fresh = () => (current = world());
afterEach(() => current?.messaging.close());

/** Lets fire-and-forget work (released receipts) finish. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 10));

const send = (w: ReturnType<typeof world>, from: Person, to: Person, body = "hi", clientId: string = randomUUID()) =>
  w.messaging.send(from, { to: to.username, clientId, body });

describe("sending", () => {
  it("stores a message once, tells the recipient's devices and the sender's other tabs", async () => {
    const w = fresh();
    const [alice, bob] = [await w.person("alice"), await w.person("bob")];
    w.contact(bob, alice);
    const view = await w.messaging.send(alice, { to: bob.username, clientId: "c1", body: "hello" }, "tab-1");
    expect(view).toMatchObject({ peer: bob.username, direction: "outgoing", clientId: "c1", body: "hello", status: "sent" });
    expect(w.stored()).toHaveLength(1);
    expect(w.received.map((event) => [event.userId, event.received.message.direction, event.except])).toEqual([
      [bob.id, "incoming", undefined],
      [alice.id, "outgoing", "tab-1"],
    ]);
    expect(await w.storage.messages.conversation(bob.id, alice.id)).toMatchObject({ state: "accepted" });
    expect(await w.storage.messages.conversation(alice.id, bob.id)).toMatchObject({ state: "accepted" });
  });

  it("answers a retry with the message stored the first time, never storing it twice, even when retries race", async () => {
    const w = fresh();
    const [alice, bob] = [await w.person("alice"), await w.person("bob")];
    const first = await send(w, alice, bob, "once", "same");
    const again = await send(w, alice, bob, "once", "same");
    expect(again).toEqual(first);
    const raced = await Promise.all([send(w, alice, bob, "race", "raced"), send(w, alice, bob, "race", "raced"), send(w, alice, bob, "race", "raced")]);
    expect(new Set(raced.map((view) => view.id)).size).toBe(1);
    expect(w.stored().map((message) => message.body)).toEqual(["once", "race"]);
    // The retry told nobody again.
    expect(w.received.filter((event) => event.userId === bob.id)).toHaveLength(2);
  });

  it("refuses a client id reused for another message", async () => {
    const w = fresh();
    const [alice, bob, carol] = [await w.person("alice"), await w.person("bob"), await w.person("carol")];
    await send(w, alice, bob, "first", "id-1");
    await expect(send(w, alice, bob, "other body", "id-1")).rejects.toMatchObject({ code: ErrorCode.conflict });
    await expect(send(w, alice, carol, "first", "id-1")).rejects.toMatchObject({ code: ErrorCode.conflict });
    expect(w.stored()).toHaveLength(1);
  });

  it("refuses a message to yourself and to a name that does not exist", async () => {
    const w = fresh();
    const alice = await w.person("alice");
    await expect(send(w, alice, alice)).rejects.toMatchObject({ code: ErrorCode.invalid_payload });
    await expect(w.messaging.send(alice, { to: "nobody-at-all", clientId: "x", body: "hi" })).rejects.toMatchObject({
      code: ErrorCode.not_found,
    });
    expect(w.stored()).toEqual([]);
  });

  it("answers a blocked sender exactly as a name that does not exist, storing nothing", async () => {
    const w = fresh();
    const [alice, bob] = [await w.person("alice"), await w.person("bob")];
    w.block(bob, alice);
    const unknown = await w.messaging.send(alice, { to: "nobody-at-all", clientId: "x", body: "hi" }).catch((error: unknown) => error);
    const blocked = await send(w, alice, bob).catch((error: unknown) => error);
    expect(blocked).toMatchObject({ code: ErrorCode.not_found });
    expect((blocked as Error).message).toBe((unknown as Error).message);
    expect(w.stored()).toEqual([]);
    expect(w.received).toEqual([]);
  });

  it("follows the recipient's delivery rules: nobody, contacts only, everyone", async () => {
    const w = fresh();
    const [alice, bob, carol] = [await w.person("alice"), await w.person("bob"), await w.person("carol")];
    await w.storage.inboxSettings.save(bob.id, { acceptFrom: "nobody" });
    await expect(send(w, alice, bob)).rejects.toMatchObject({ code: ErrorCode.forbidden });
    await w.storage.inboxSettings.save(bob.id, { acceptFrom: "contacts" });
    w.contact(bob, carol);
    await expect(send(w, alice, bob)).rejects.toMatchObject({ code: ErrorCode.forbidden });
    await expect(send(w, carol, bob)).resolves.toMatchObject({ status: "sent" });
    expect(w.stored().map((message) => message.senderId)).toEqual([carol.id]);
  });

  it("refuses, storing nothing, when the sender is over its rate", async () => {
    const w = fresh();
    const [alice, bob] = [await w.person("alice"), await w.person("bob")];
    w.limit(7);
    await expect(send(w, alice, bob)).rejects.toMatchObject({ code: ErrorCode.rate_limited, details: { retryAfter: 7 } });
    expect(w.stored()).toEqual([]);
  });
});

describe("requests", () => {
  it("puts a stranger's message in requests; writing back accepts it", async () => {
    const w = fresh();
    const [alice, bob] = [await w.person("alice"), await w.person("bob")];
    await send(w, alice, bob, "may I?");
    expect(await w.storage.messages.conversation(bob.id, alice.id)).toMatchObject({ state: "request" });
    await send(w, bob, alice, "sure");
    expect(await w.storage.messages.conversation(bob.id, alice.id)).toMatchObject({ state: "accepted", acknowledged: true });
  });

  it("keeps a declined stranger's later messages from the recipient, and tells the sender nothing", async () => {
    const w = fresh();
    const [alice, bob] = [await w.person("alice"), await w.person("bob")];
    await send(w, alice, bob, "may I?");
    await w.inbox.respondRequest(bob, { peer: alice.username, action: "decline" });
    w.received.length = 0;
    const view = await send(w, alice, bob, "again?");
    expect(view).toMatchObject({ status: "sent", body: "again?" });
    expect(w.received.map((event) => event.userId)).toEqual([alice.id]);
    expect((await w.storage.messages.page(bob.id, alice.id, undefined, 10)).messages).toEqual([]);
    expect((await w.storage.messages.page(alice.id, bob.id, undefined, 10)).messages.map((message) => message.body)).toEqual(["again?", "may I?"]);
  });

  it("has nothing to mark read in a declined or blocked request, as for no conversation at all", async () => {
    const w = fresh();
    const [alice, bob, carol] = [await w.person("alice"), await w.person("bob"), await w.person("carol")];
    await send(w, alice, bob, "may I?");
    await send(w, carol, bob, "hello?");
    await w.inbox.respondRequest(bob, { peer: alice.username, action: "decline" });
    await w.inbox.respondRequest(bob, { peer: carol.username, action: "block" });
    for (const peer of [alice.username, carol.username, "nobody"]) {
      await expect(w.messaging.markRead(bob, { peer, upToSeq: 1 })).rejects.toMatchObject({ code: "not_found" });
    }
  });
});

describe("receipts", () => {
  it("tells the sender its message was delivered when a device of the recipient has it", async () => {
    const w = fresh();
    const [alice, bob] = [await w.person("alice"), await w.person("bob")];
    w.contact(bob, alice);
    const view = await send(w, alice, bob);
    await w.messaging.confirmDelivery(bob, [view.id]);
    expect(w.statuses).toMatchObject([{ userId: alice.id, update: { peer: bob.username, status: "delivered", ids: [view.id] } }]);
    // A second confirmation tells nobody again; the sender cannot confirm its own.
    await w.messaging.confirmDelivery(bob, [view.id]);
    await w.messaging.confirmDelivery(alice, [view.id]);
    expect(w.statuses).toHaveLength(1);
  });

  it("holds delivered receipts of a request until the recipient writes back", async () => {
    const w = fresh();
    const [alice, bob] = [await w.person("alice"), await w.person("bob")];
    const view = await send(w, alice, bob, "may I?");
    await w.messaging.confirmDelivery(bob, [view.id]);
    expect(w.statuses).toEqual([]);
    await send(w, bob, alice, "yes");
    await settle();
    expect(w.statuses).toMatchObject([{ userId: alice.id, update: { status: "delivered", ids: [view.id] } }]);
  });

  it("holds receipts from a recipient the sender may not see, and releases them when the view opens", async () => {
    const w = fresh();
    const [alice, bob] = [await w.person("alice"), await w.person("bob")];
    w.contact(bob, alice);
    w.hide(bob, alice);
    const view = await send(w, alice, bob);
    await w.messaging.confirmDelivery(bob, [view.id]);
    expect(w.statuses).toEqual([]);
    w.show(bob, alice);
    await settle();
    expect(w.statuses).toMatchObject([{ userId: alice.id, update: { status: "delivered", ids: [view.id] } }]);
  });

  it("tells a read only when both sides have read receipts on; reading delivers what it read", async () => {
    const w = fresh();
    const [alice, bob] = [await w.person("alice"), await w.person("bob")];
    w.contact(bob, alice);
    const first = await send(w, alice, bob, "one");
    await w.messaging.markRead(bob, { peer: alice.username, upToSeq: first.seq });
    expect(w.statuses.map((event) => [event.userId, event.update.status])).toEqual([
      [alice.id, "delivered"],
      [alice.id, "read"],
    ]);
    w.statuses.length = 0;
    await w.storage.inboxSettings.save(bob.id, { readReceipts: false });
    const second = await send(w, alice, bob, "two");
    await w.messaging.markRead(bob, { peer: alice.username, upToSeq: second.seq });
    expect(w.statuses.map((event) => event.update.status)).toEqual(["delivered"]);
    await expect(w.messaging.markRead(bob, { peer: "nobody-at-all", upToSeq: 1 })).rejects.toMatchObject({ code: ErrorCode.not_found });
  });
});

describe("typing", () => {
  it("relays typing into an accepted conversation only, never to someone who blocks the typist", async () => {
    const w = fresh();
    const [alice, bob, carol] = [await w.person("alice"), await w.person("bob"), await w.person("carol")];
    w.contact(bob, alice);
    await w.messaging.typing(alice, { to: bob.username, typing: true });
    expect(w.typings).toEqual([{ userId: bob.id, notice: { from: alice.username, typing: true } }]);
    w.block(carol, alice);
    await w.messaging.typing(alice, { to: carol.username, typing: true });
    await w.messaging.typing(alice, { to: alice.username, typing: true });
    expect(w.typings).toHaveLength(1);
  });
});

describe("conversation marks", () => {
  it("takes `notify` off for a muted conversation, while its messages still count as unread", async () => {
    const w = fresh();
    const [alice, bob] = [await w.person("alice"), await w.person("bob")];
    w.contact(bob, alice);
    await send(w, alice, bob, "one");
    expect(await w.inbox.setConversation(bob, alice.username, { muted: true })).toMatchObject({ muted: true, unread: 1 });
    w.received.length = 0;
    await send(w, alice, bob, "two");
    expect(w.received.find((event) => event.userId === bob.id)!.received.notify).toBe(false);
    expect((await w.inbox.conversations(bob))[0]).toMatchObject({ muted: true, unread: 2 });
    await w.inbox.setConversation(bob, alice.username, { muted: false });
    await send(w, alice, bob, "three");
    expect(w.received.filter((event) => event.userId === bob.id).at(-1)!.received.notify).toBe(true);
  });

  it("clears a mark as unread on reading, without moving the read mark back or telling the peer", async () => {
    const w = fresh();
    const [alice, bob] = [await w.person("alice"), await w.person("bob")];
    w.contact(bob, alice);
    const first = await send(w, alice, bob, "one");
    await w.messaging.markRead(bob, { peer: alice.username, upToSeq: first.seq });
    w.statuses.length = 0;
    expect(await w.inbox.setConversation(bob, alice.username, { markedUnread: true })).toMatchObject({
      markedUnread: true,
      unread: 0,
      lastReadSeq: first.seq,
    });
    expect(await w.messaging.markRead(bob, { peer: alice.username, upToSeq: 0 })).toMatchObject({ markedUnread: false, lastReadSeq: first.seq });
    expect(w.statuses).toEqual([]);
    expect(await w.storage.messages.conversation(alice.id, bob.id)).toMatchObject({ peerReadSeq: first.seq, markedUnread: false });
  });

  it("answers a conversation that is not listed (none, declined) as missing, and refuses an eleventh pin", async () => {
    const w = fresh();
    const [bob, stranger] = [await w.person("bob"), await w.person("stranger")];
    await expect(w.inbox.setConversation(bob, stranger.username, { pinned: true })).rejects.toMatchObject({ code: ErrorCode.not_found });
    await send(w, stranger, bob, "hello?");
    await w.inbox.respondRequest(bob, { peer: stranger.username, action: "decline" });
    await expect(w.inbox.setConversation(bob, stranger.username, { muted: true })).rejects.toMatchObject({ code: ErrorCode.not_found });
    const others = await Promise.all(Array.from({ length: 11 }, () => w.person("peer")));
    for (const other of others) await send(w, bob, other, "hi");
    for (const other of others.slice(0, 10)) await w.inbox.setConversation(bob, other.username, { pinned: true });
    await expect(w.inbox.setConversation(bob, others[10]!.username, { pinned: true })).rejects.toMatchObject({ code: ErrorCode.conflict });
    expect((await w.inbox.conversations(bob)).filter((summary) => summary.pinned)).toHaveLength(10);
  });
});

describe("message changes", () => {
  const react = (w: ReturnType<typeof world>, who: Person, messageId: string, emoji: string, on = true, clientId: string = randomUUID()) =>
    w.messageChanges.react(who, { messageId, emoji, on, clientId });

  it("replies quote their target as each side has it", async () => {
    const w = fresh();
    const [alice, bob] = [await w.person("alice"), await w.person("bob")];
    w.contact(bob, alice);
    const first = await send(w, alice, bob, "first");
    const reply = await w.messaging.send(bob, { to: alice.username, clientId: randomUUID(), body: "re", replyTo: first.id });
    expect(reply.replyTo).toMatchObject({ id: first.id, available: true, direction: "incoming", body: "first" });
    await w.inbox.deleteMessages(bob, [first.id]);
    const [bobsCopy] = (await w.inbox.history(bob, { peer: alice.username, limit: 10 })).messages;
    expect(bobsCopy!.replyTo).toEqual({ id: first.id, available: false });
    const alicesCopy = (await w.inbox.history(alice, { peer: bob.username, limit: 10 })).messages[0]!;
    expect(alicesCopy.replyTo).toMatchObject({ available: true, direction: "outgoing", body: "first" });
  });

  it("refuses a reply to a message of another conversation", async () => {
    const w = fresh();
    const [alice, bob, carol] = [await w.person("alice"), await w.person("bob"), await w.person("carol")];
    const other = await send(w, alice, carol, "to carol");
    await expect(
      w.messaging.send(alice, { to: bob.username, clientId: randomUUID(), body: "x", replyTo: other.id }),
    ).rejects.toMatchObject({ code: ErrorCode.invalid_payload });
  });

  it("reactions toggle once per clientId and show who reacted", async () => {
    const w = fresh();
    const [alice, bob] = [await w.person("alice"), await w.person("bob")];
    w.contact(bob, alice);
    const message = await send(w, alice, bob, "hi");
    const clientId = randomUUID();
    await react(w, bob, message.id, "👍", true, clientId);
    const again = await react(w, bob, message.id, "👍", true, clientId);
    expect(again.reactions).toEqual([{ emoji: "👍", count: 1, mine: true, users: [bob.username] }]);
    expect(w.storage.tables.messageChanges).toHaveLength(1);
    const [forAlice] = w.changed.filter((event) => event.userId === alice.id);
    expect(forAlice!.changed.message.reactions).toEqual([{ emoji: "👍", count: 1, mine: false, users: [bob.username] }]);
    const off = await react(w, bob, message.id, "👍", false);
    expect(off.reactions).toEqual([]);
  });

  it("edits and retractions: own messages within 24 hours only; the other side sees them", async () => {
    const w = fresh();
    const [alice, bob] = [await w.person("alice"), await w.person("bob")];
    w.contact(bob, alice);
    const message = await send(w, alice, bob, "helo");
    await expect(w.messageChanges.edit(bob, { messageId: message.id, body: "x", clientId: randomUUID() })).rejects.toMatchObject({
      code: ErrorCode.forbidden,
    });
    const edited = await w.messageChanges.edit(alice, { messageId: message.id, body: "hello", clientId: randomUUID() }, "tab-1");
    expect(edited).toMatchObject({ body: "hello", retracted: false });
    expect(edited.editedAt).not.toBeNull();
    const bobs = w.changed.find((event) => event.userId === bob.id)!;
    expect(bobs.changed.message).toMatchObject({ body: "hello", direction: "incoming" });
    expect(w.changed.find((event) => event.userId === alice.id)!.except).toBe("tab-1");
    const retracted = await w.messageChanges.retract(alice, { messageId: message.id, clientId: randomUUID() });
    expect(retracted).toMatchObject({ body: "", retracted: true });
    const late = await send(w, alice, bob, "late");
    w.later(24 * 60 * 60 * 1000 + 1);
    await expect(w.messageChanges.retract(alice, { messageId: late.id, clientId: randomUUID() })).rejects.toMatchObject({
      code: ErrorCode.forbidden,
    });
  });

  it("a blocker's copy does not change, and the blocker is not told", async () => {
    const w = fresh();
    const [alice, bob] = [await w.person("alice"), await w.person("bob")];
    w.contact(bob, alice);
    const message = await send(w, alice, bob, "before");
    w.block(bob, alice);
    const edited = await w.messageChanges.edit(alice, { messageId: message.id, body: "after", clientId: randomUUID() });
    await react(w, alice, message.id, "❤️");
    expect(edited.body).toBe("after");
    expect(w.changed.filter((event) => event.userId === bob.id)).toEqual([]);
    const [bobs] = (await w.inbox.history(bob, { peer: alice.username, limit: 10 })).messages;
    expect(bobs).toMatchObject({ body: "before", editedAt: null, reactions: [] });
    const sync = await w.inbox.sync(bob, { afterSeq: 0, limit: 10, changesAfter: 0 });
    expect(sync.changed).toEqual([]);
    const alices = await w.inbox.sync(alice, { afterSeq: 0, limit: 10, changesAfter: 0 });
    expect(alices.changed).toHaveLength(1);
    expect(alices.changed![0]).toMatchObject({ body: "after", reactions: [{ emoji: "❤️", count: 1, mine: true }] });
  });

  it("catch-up returns changed messages and a change cursor; the snapshot carries it", async () => {
    const w = fresh();
    const [alice, bob] = [await w.person("alice"), await w.person("bob")];
    w.contact(bob, alice);
    const message = await send(w, alice, bob, "one");
    const before = (await w.inbox.snapshot(bob)).changeCursor;
    await w.messageChanges.edit(alice, { messageId: message.id, body: "two", clientId: randomUUID() });
    await react(w, bob, message.id, "😂");
    const page = await w.inbox.sync(bob, { afterSeq: message.seq, limit: 10, changesAfter: before });
    expect(page.messages).toEqual([]);
    expect(page.changed!.map((view) => [view.body, view.reactions.length])).toEqual([["two", 1]]);
    expect(page.changeCursor).toBe((await w.inbox.snapshot(bob)).changeCursor);
  });

  it("refuses a reaction inside a request not accepted", async () => {
    const w = fresh();
    const [alice, stranger] = [await w.person("alice"), await w.person("stranger")];
    const message = await send(w, stranger, alice, "hello?");
    await expect(react(w, alice, message.id, "👍")).rejects.toMatchObject({ code: ErrorCode.forbidden });
  });
});
