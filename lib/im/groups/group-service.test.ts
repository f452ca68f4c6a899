// The group conversation services on in-memory storage (lib/db/memory-storage.ts). What presence
// decides (blocks, contacts, busy) is stated by each test through a small stand-in: the access
// decisions have their own tests.
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createMemoryStorage } from "@/lib/db/memory-storage";
import type { PresentityEntry } from "@/lib/presence/presence-state";
import type { DeliveredGroupMessage } from "@/lib/push/hook";
import { GROUP_MAX_MEMBERS, type GroupMessageView, type GroupReceiptsChanged, type GroupReceived, type GroupSummary } from "@/lib/protocol/groups";
import { createGroupChanges } from "./group-changes";
import { createGroupMessaging } from "./group-messaging";
import { createGroupReader } from "./group-reader";
import { createGroupService } from "./group-service";
import type { GroupNotifier } from "./notifier";
import { contactsOnly } from "@/lib/presence/service/test-entry";

type Person = { id: string; username: string; displayName: string; sessionId: string };

function world() {
  const storage = createMemoryStorage();
  const names = new Map<string, string>();
  /** `${owner}>${other}` pairs. */
  const blocks = new Set<string>();
  const contacts = new Map<string, Set<string>>();
  const busy = new Set<string>();
  let wait = 0;
  const received: { userId: string; received: GroupReceived; except?: string }[] = [];
  const changed: { userId: string; summary: GroupSummary }[] = [];
  const removed: { userId: string; groupId: string }[] = [];
  const typings: { userId: string; from: string }[] = [];
  const receiptChanges: { userId: string; groupId: string }[] = [];
  /** Every receipts notice in full, and the accounts each groupchat:received emit went to. */
  const receiptNotices: { userId: string; changed: GroupReceiptsChanged }[] = [];
  const emits: string[][] = [];
  const notifier: GroupNotifier = {
    groupReceived: (userIds, message, except) => {
      if (userIds.length > 0) emits.push(userIds);
      userIds.forEach((userId) => received.push({ userId, received: message, except }));
    },
    groupChanged: (userId, summary) => changed.push({ userId, summary }),
    groupRemoved: (userId, groupId) => removed.push({ userId, groupId }),
    groupTyping: (userId, notice) => typings.push({ userId, from: notice.from }),
    groupReceiptsChanged: (userId, change) => {
      receiptChanges.push({ userId, groupId: change.groupId });
      receiptNotices.push({ userId, changed: change });
    },
    groupMessageChanged: () => {},
  };
  const entry = (id: string) =>
    ({
      id,
      doc: { username: names.get(id)!, availability: busy.has(id) ? "busy" : "available" },
      relations: contactsOnly(contacts.get(id) ?? []),
    }) as unknown as PresentityEntry;
  const state = {
    getMany: async (ids: Iterable<string>) => new Map([...ids].filter((id) => names.has(id)).map((id) => [id, entry(id)])),
    loadVisibility: async () => {},
  };
  /** `${presentity}>${watcher}` pairs where the presentity looks offline to the watcher. */
  const hidden = new Set<string>();
  const presence = {
    blocks: (owner: PresentityEntry, watcherId: string) => blocks.has(`${(owner as unknown as { id: string }).id}>${watcherId}`),
    hiddenFrom: async (presentityId: string, watcherId: string) => hidden.has(`${presentityId}>${watcherId}`),
  };
  /** `${caller}>${other}` pairs where the caller knows the other already (in its list). */
  const knows = new Set<string>();
  const known = {
    // As the caller may know them: someone who blocks the caller looks missing, unless known.
    idOf: async (caller: { id: string }, username: string) => {
      const id = await storage.presence.idOf(username);
      return id && id !== caller.id && blocks.has(`${id}>${caller.id}`) && !knows.has(`${caller.id}>${id}`) ? null : id;
    },
  };
  const blocked: [string, string][] = [];
  const pushed: DeliveredGroupMessage[] = [];
  const reader = createGroupReader({ store: storage.groupConversations, accounts: storage.accounts, state, presence, inboxes: storage.inboxSettings });
  const groups = createGroupService({
    store: storage.groupConversations,
    reader,
    known,
    state,
    presence,
    inboxes: storage.inboxSettings,
    notifier,
    block: async (owner, username) => void blocked.push([owner.username, username]),
  });
  const messaging = createGroupMessaging({
    store: storage.groupConversations,
    reader,
    state,
    presence,
    inboxes: storage.inboxSettings,
    notifier,
    limiter: { take: async () => wait },
    push: { groupMessageDelivered: (message) => void pushed.push(message) },
  });
  const changes = createGroupChanges({ store: storage.groupConversations, reader, notifier });

  async function person(prefix = "user"): Promise<Person> {
    const username = `${prefix}${names.size}`;
    const created = await storage.accounts.create(
      { username, displayName: username.toUpperCase(), passwordHash: "x" },
      { mode: "open", inviteHash: null, now: new Date() },
    );
    if (typeof created === "string") throw new Error(created);
    names.set(created.id, username);
    return { id: created.id, username, displayName: username.toUpperCase(), sessionId: "s" };
  }
  const befriend = (a: Person, b: Person) => {
    for (const [x, y] of [[a, b], [b, a]] as const) contacts.set(x.id, new Set([...(contacts.get(x.id) ?? []), y.id]));
  };
  const send = (who: Person, groupId: string, body: string) => messaging.send(who, { groupId, clientId: randomUUID(), body });
  return {
    storage, groups, messaging, changes, person, befriend, send, received, changed, removed, typings, blocked, pushed, receiptChanges, receiptNotices, emits,
    block: (owner: Person, other: Person) => blocks.add(`${owner.id}>${other.id}`),
    know: (caller: Person, other: Person) => knows.add(`${caller.id}>${other.id}`),
    hide: (presentity: Person, watcher: Person) => hidden.add(`${presentity.id}>${watcher.id}`),
    setBusy: (who: Person) => busy.add(who.id),
    setWait: (seconds: number) => (wait = seconds),
  };
}

/** alice with `count` contacts in a group. */
async function group(w: ReturnType<typeof world>, count = 2) {
  const alice = await w.person("alice");
  const others: Person[] = [];
  for (let index = 0; index < count; index++) {
    const other = await w.person("member");
    w.befriend(alice, other);
    others.push(other);
  }
  const summary = await w.groups.create(alice, { clientId: randomUUID(), members: others.map((other) => other.username) });
  return { alice, others, groupId: summary.id };
}

const bodies = (messages: GroupMessageView[]) => messages.filter((message) => message.event === null).map((message) => message.body);

describe("group membership", () => {
  it("answers a retried create with the same group, also when the retries race", async () => {
    const w = world();
    const alice = await w.person("alice");
    const [bob, carol] = [await w.person("bob"), await w.person("carol")];
    const clientId = randomUUID();
    const racing = await Promise.all([1, 2, 3].map(() => w.groups.create(alice, { clientId, members: [bob.username, carol.username] })));
    expect(new Set(racing.map((summary) => summary.id)).size).toBe(1);
    expect(w.storage.tables.groupConversations).toHaveLength(1);
  });

  it("refuses to add beyond the most members, and adds nobody then", async () => {
    const w = world();
    const { alice, groupId } = await group(w, GROUP_MAX_MEMBERS - 2);
    const [x, y] = [await w.person("x"), await w.person("y")];
    await expect(w.groups.add(alice, { groupId, members: [x.username, y.username] })).rejects.toMatchObject({ code: "forbidden" });
    expect((await w.groups.get(alice, { groupId })).members).toHaveLength(GROUP_MAX_MEMBERS - 1);
    expect((await w.groups.add(alice, { groupId, members: [x.username] })).members).toHaveLength(GROUP_MAX_MEMBERS);
  });

  it("hands the creator's place to the oldest admin, else the oldest member", async () => {
    const w = world();
    const { alice, others, groupId } = await group(w, 3);
    const [bob, carol, dave] = others as [Person, Person, Person];
    await w.groups.setAdmin(alice, { groupId, member: dave.username, admin: true });
    await w.groups.leave(alice, { groupId });
    const roles = (await w.groups.get(bob, { groupId })).members.map((member) => [member.username, member.role]);
    expect(roles).toEqual([
      [bob.username, "member"],
      [carol.username, "member"],
      [dave.username, "creator"],
    ]);
    await w.groups.leave(dave, { groupId });
    expect((await w.groups.get(carol, { groupId })).members.find((member) => member.username === bob.username)!.role).toBe("creator");
    // An admin cannot remove another admin, a member removes nobody.
    await w.groups.setAdmin(bob, { groupId, member: carol.username, admin: true });
    await expect(w.groups.setAdmin(carol, { groupId, member: bob.username, admin: false })).rejects.toMatchObject({ code: "forbidden" });
  });

  it("a declined group leaves the list; added again, the person sees only what comes after", async () => {
    const w = world();
    const { alice, groupId } = await group(w);
    const stranger = await w.person("stranger");
    await w.groups.add(alice, { groupId, members: [stranger.username] });
    expect((await w.groups.snapshot(stranger)).groups.map((summary) => summary.state)).toEqual(["request"]);
    await w.send(alice, groupId, "while invited");
    await expect(w.send(stranger, groupId, "me too")).rejects.toMatchObject({ code: "forbidden" });
    expect(await w.groups.respond(stranger, { groupId, action: "decline" })).toBeNull();
    expect(w.removed).toContainEqual({ userId: stranger.id, groupId });
    expect((await w.groups.snapshot(stranger)).groups).toEqual([]);
    await w.send(alice, groupId, "after the decline");
    await w.groups.add(alice, { groupId, members: [stranger.username] });
    await w.send(alice, groupId, "second chance");
    expect(bodies((await w.messaging.history(stranger, { groupId, limit: 50 })).messages)).toEqual(["second chance"]);
    await w.groups.respond(stranger, { groupId, action: "block" });
    expect(w.blocked).toEqual([[stranger.username, alice.username]]);
    // A request the creator withdraws leaves the invited person's list too.
    const other = await w.person("other");
    await w.groups.add(alice, { groupId, members: [other.username] });
    await w.groups.remove(alice, { groupId, member: other.username });
    expect((await w.groups.snapshot(other)).groups).toEqual([]);
    expect(w.removed).toContainEqual({ userId: other.id, groupId });
  });

  it("answers a person who blocks the adder exactly as an unknown name, and changes nothing", async () => {
    const w = world();
    const { alice, groupId } = await group(w);
    const blocker = await w.person("blocker");
    w.befriend(alice, blocker);
    w.block(blocker, alice);
    const error = (promise: Promise<unknown>) => promise.then(() => null, (caught: unknown) => caught);
    const [blocked, unknown] = [await error(w.groups.add(alice, { groupId, members: [blocker.username] })), await error(w.groups.add(alice, { groupId, members: ["ghost"] }))];
    expect(blocked).toEqual(unknown);
    expect(blocked).toMatchObject({ code: "not_found", message: "There is no account with that name." });
    expect((await w.groups.get(alice, { groupId })).members).toHaveLength(3);
  });

  // Found by the model-based test (tests/model, seed-independent replays in the report).
  it("leaves someone already in the group as they are when named again, even once they block the adder", async () => {
    const w = world();
    const { alice, others, groupId } = await group(w);
    const [bob] = others;
    w.block(bob!, alice);
    const summary = await w.groups.add(alice, { groupId, members: [bob!.username] });
    expect(summary.members.map((member) => member.username)).toEqual([alice.username, ...others.map((other) => other.username)]);
  });

  it("refuses a blocker the adder knows at its place in the list as an unknown name, before any other refusal", async () => {
    const w = world();
    const alice = await w.person("alice");
    const [nobody, blocker] = [await w.person("nobody"), await w.person("blocker")];
    await w.storage.inboxSettings.save(nobody.id, { acceptFrom: "nobody" });
    w.block(blocker, alice);
    w.know(alice, blocker);
    // The answer as a client gets it: code, message and the place in the list.
    const error = (promise: Promise<unknown>) =>
      promise.then(
        () => null,
        (caught: { code: string; message: string; details: unknown }) => ({ code: caught.code, message: caught.message, details: caught.details }),
      );
    const create = (members: string[]) => error(w.groups.create(alice, { clientId: randomUUID(), members }));
    const [blocked, unknown] = [await create([nobody.username, blocker.username]), await create([nobody.username, "ghost"])];
    expect(blocked).toEqual(unknown);
    expect(blocked).toMatchObject({ code: "not_found", details: { issues: [{ path: "members.1" }] } });
    expect(await create(["ghost", blocker.username])).toEqual(await create(["ghost", "ghost2"]));
  });
});

describe("group messages", () => {
  it("leaves a blocker's messages out of the blocked member's unread, catch-up and notifications; the cursor passes them", async () => {
    const w = world();
    const { alice, others, groupId } = await group(w);
    const [bob, carol] = others as [Person, Person];
    w.block(bob, carol);
    const start = (await w.groups.snapshot(carol)).cursor;
    const fromBob = await w.send(bob, groupId, "bob here");
    await w.send(alice, groupId, "alice here");
    expect(w.received.filter((event) => event.userId === carol.id).map((event) => event.received.message.body)).toEqual(["alice here"]);
    const page = await w.messaging.sync(carol, { afterSeq: start, limit: 1 });
    expect(page).toMatchObject({ messages: [], hasMore: true, cursor: fromBob.seq });
    expect(bodies((await w.messaging.sync(carol, { afterSeq: page.cursor, limit: 10 })).messages)).toEqual(["alice here"]);
    expect((await w.groups.get(carol, { groupId })).unread).toBe(1);
    // bob sees carol's collapsed, not counted.
    await w.send(carol, groupId, "carol here");
    expect((await w.groups.get(bob, { groupId })).unread).toBe(1);
    expect((await w.messaging.history(bob, { groupId, limit: 1 })).messages[0]).toMatchObject({ hidden: true, body: "" });
    // Nobody is pushed a message they do not get or see collapsed.
    expect(w.pushed.filter((message) => message.recipientId === carol.id).map((message) => message.body)).toEqual(["alice here"]);
    expect(w.pushed.filter((message) => message.recipientId === bob.id).map((message) => message.body)).toEqual(["alice here"]);
  });

  it("notifies a mention in a muted group, not while busy; refuses a send past the rate limit, storing nothing", async () => {
    const w = world();
    const { alice, others, groupId } = await group(w);
    const [bob] = others as [Person];
    await w.groups.setFlags(bob, { groupId, muted: true });
    await w.send(alice, groupId, "quiet");
    await w.send(alice, groupId, `@${bob.username.toUpperCase()} loud`);
    w.setBusy(bob);
    await w.send(alice, groupId, `@${bob.username} busy`);
    expect(w.received.filter((event) => event.userId === bob.id).map((event) => event.received.notify)).toEqual([false, true, false]);
    // Web Push decides with the same facts: muted, and whether it mentions bob.
    expect(w.pushed.filter((message) => message.recipientId === bob.id).map((message) => [message.muted, message.mention, message.busy])).toEqual([
      [true, false, false],
      [true, true, false],
      [true, true, true],
    ]);
    expect(w.pushed[0]).toMatchObject({ from: alice.username, groupId, body: "quiet" });
    w.setWait(7);
    await expect(w.send(alice, groupId, "too fast")).rejects.toMatchObject({ code: "rate_limited", details: { retryAfter: 7 } });
    expect(bodies((await w.messaging.history(alice, { groupId, limit: 50 })).messages)).not.toContain("too fast");
  });

  it("never moves a read mark past the group's newest message, nor past a member's exit", async () => {
    const w = world();
    const { alice, others, groupId } = await group(w);
    const [bob] = others as [Person];
    const message = await w.send(alice, groupId, "hi");
    expect((await w.messaging.markRead(bob, { groupId, upToSeq: 1_000_000 })).lastReadSeq).toBe(message.seq);
    await w.groups.setFlags(bob, { groupId, markedUnread: true });
    expect((await w.messaging.markRead(bob, { groupId, upToSeq: message.seq })).markedUnread).toBe(false);
  });

  it("reacts, edits and deletes for everyone under the one-to-one rules", async () => {
    const w = world();
    const { alice, others, groupId } = await group(w);
    const [bob] = others as [Person];
    const message = await w.send(alice, groupId, "original");
    await expect(w.changes.edit(bob, { messageId: message.id, body: "x" })).rejects.toMatchObject({ code: "forbidden" });
    expect((await w.changes.react(bob, { messageId: message.id, emoji: "👍", on: true })).reactions).toEqual([
      { emoji: "👍", count: 1, mine: true, users: [bob.username] },
    ]);
    expect((await w.changes.react(bob, { messageId: message.id, emoji: "👍", on: true })).reactions[0]!.count).toBe(1);
    expect((await w.changes.edit(alice, { messageId: message.id, body: "edited" })).body).toBe("edited");
    const retracted = await w.changes.retract(alice, { messageId: message.id });
    expect(retracted).toMatchObject({ retracted: true, body: "", reactions: [] });
    await expect(w.changes.react(bob, { messageId: message.id, emoji: "👍", on: true })).rejects.toMatchObject({ code: "forbidden" });
  });
});

describe("deleted accounts", () => {
  it("leave every group they were in, as the others see it", async () => {
    const w = world();
    const { alice, others, groupId } = await group(w);
    const [bob] = others as [Person];
    await w.groups.accountDeleted(alice.id);
    const summary = await w.groups.get(bob, { groupId });
    expect(summary.members.map((member) => [member.username, member.role])).toEqual([
      [bob.username, "creator"],
      [others[1]!.username, "member"],
    ]);
    expect((await w.messaging.history(bob, { groupId, limit: 1 })).messages[0]!.event).toEqual({ kind: "left", actor: alice.username });
  });
});

describe("members who look offline", () => {
  it("tell nothing through receipts or typing to those they look offline to", async () => {
    const w = world();
    const { alice, others, groupId } = await group(w);
    const [bob, carol] = others as [Person, Person];
    w.hide(bob, alice); // bob is invisible to alice, not to carol
    const fromAlice = await w.send(alice, groupId, "anyone?");
    const fromCarol = await w.send(carol, groupId, "me");
    await w.messaging.markRead(bob, { groupId, upToSeq: fromCarol.seq });
    expect(w.receiptChanges).toEqual([{ userId: carol.id, groupId }]);
    expect((await w.messaging.history(alice, { groupId, limit: 50 })).messages.find((message) => message.id === fromAlice.id)!.receipts).toEqual({
      delivered: 0,
      read: 0,
      of: 2,
    });
    expect((await w.messaging.receipts(carol, { messageId: fromCarol.id })).members.find((member) => member.username === bob.username)).toEqual({
      username: bob.username,
      delivered: true,
      read: true,
    });
    await w.messaging.typing(bob, { groupId, typing: true });
    expect(w.typings).toEqual([{ userId: carol.id, from: bob.username }]);
  });
});


describe("fan-out cost", () => {
  it("confirmations of one turn are written together; each sender hears once, of the counts that changed", async () => {
    const w = world();
    const { alice, others, groupId } = await group(w, 4);
    const [bob, carol, dave, erin] = others as [Person, Person, Person, Person];
    w.hide(erin, alice); // erin looks offline to alice: her confirmation changes nothing alice sees
    const first = await w.send(alice, groupId, "one");
    const second = await w.send(alice, groupId, "two");
    await Promise.all([
      w.messaging.markDelivered(bob, { groupId, upToSeq: second.seq }),
      w.messaging.markDelivered(carol, { groupId, upToSeq: first.seq }),
      w.messaging.markDelivered(dave, { groupId, upToSeq: second.seq }),
      w.messaging.markDelivered(erin, { groupId, upToSeq: second.seq }),
    ]);
    expect(w.receiptNotices).toEqual([
      {
        userId: alice.id,
        changed: {
          groupId,
          changes: [
            { messageId: first.id, receipts: { delivered: 3, read: 0, of: 4 } },
            { messageId: second.id, receipts: { delivered: 2, read: 0, of: 4 } },
          ],
        },
      },
    ]);
    // Confirming again what is confirmed already changes no count: nothing is said.
    await w.messaging.markDelivered(bob, { groupId, upToSeq: second.seq });
    await w.messaging.markDelivered(erin, { groupId, upToSeq: second.seq });
    expect(w.receiptNotices).toHaveLength(1);
    expect((await w.messaging.receipts(alice, { messageId: second.id })).members.map((member) => [member.username, member.delivered])).toEqual([
      [bob.username, true],
      [carol.username, false],
      [dave.username, true],
      [erin.username, false],
    ]);
  });

  it("members who see a message alike get it in one emit; a mention or a block sets a member apart", async () => {
    const w = world();
    const { alice, others, groupId } = await group(w, 4);
    const [bob, carol] = others as [Person, Person];
    w.block(carol, alice); // carol sees alice's messages collapsed
    w.emits.length = 0;
    const sent = await w.messaging.send(alice, { groupId, clientId: randomUUID(), body: `hi @${bob.username}` });
    const forMessage = w.received.filter((entry) => entry.received.message.id === sent.id);
    expect(w.emits.map((ids) => ids.length).sort()).toEqual([1, 1, 1, 2]); // bob, carol, the two others, alice
    expect(forMessage.find((entry) => entry.userId === bob.id)!.received).toMatchObject({ notify: true, message: { mentionsYou: true } });
    expect(forMessage.find((entry) => entry.userId === carol.id)!.received.message).toMatchObject({ hidden: true, body: "" });
    expect(forMessage.filter((entry) => !entry.received.message.hidden && !entry.received.message.mentionsYou && entry.userId !== alice.id)).toHaveLength(2);
  });
});
