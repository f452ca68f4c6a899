// Delivery to XMPP resources on in-memory storage, with the real messaging and inbox services
// (the world of messaging-service.test.ts is not shared; this one needs only sending).
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createMemoryStorage } from "@/lib/db/memory-storage";
import type { PresentityEntry } from "@/lib/presence/presence-state";
import { createInboxReader } from "./inbox-reader";
import { createInboxService } from "./inbox-service";
import { createMessagingService } from "./messaging-service";
import type { InboxNotifier } from "./notifier";
import { createResourceDelivery } from "./resource-delivery";
import { Relations } from "@/lib/presence/relations";

type Person = { id: string; username: string; displayName: string; sessionId: string };

async function world() {
  const storage = createMemoryStorage();
  const { messages, inboxSettings: inboxes, accounts, search, messageChanges: changes } = storage;
  const names = new Map<string, string>();
  const notifier: InboxNotifier = {
    messageReceived: () => {},
    messageStatus: () => {},
    typing: () => {},
    conversationChanged: () => {},
    conversationRemoved: () => {},
    messagesDeleted: () => {},
    inboxSettingsChanged: () => {},
    messageChanged: () => {},
  };
  const known = {
    idOf: async (_viewer: { id: string }, username: string) => storage.presence.idOf(username),
    inboxPeerId: async (username: string) => storage.presence.idOf(username),
  };
  const reader = createInboxReader({ messages, inboxes, accounts, changes });
  const inbox = createInboxService({ known, messages, changes, inboxes, reader, search, accounts, notifier, block: async () => {} });
  const entry = (id: string) => ({ doc: { username: names.get(id)!, availability: "available" }, relations: new Relations() }) as unknown as PresentityEntry;
  const messaging = createMessagingService({
    state: { get: async (id: string) => (names.has(id) ? entry(id) : null), loadVisibility: async () => {} },
    known,
    presence: { blocks: () => false, hiddenFrom: async () => false, isOnline: () => true, onViewsOpened: () => {} },
    messages,
    changes,
    inboxes,
    inbox,
    reader,
    notifier,
    limiter: { take: async () => 0 },
    logger: { error: () => {} },
  });
  const person = async (prefix: string): Promise<Person> => {
    const username = `${prefix}${randomUUID().slice(0, 6)}`;
    const created = await accounts.create({ username, displayName: prefix, passwordHash: "x" }, { mode: "open", inviteHash: null, now: new Date() });
    if (typeof created === "string") throw new Error(created);
    names.set(created.id, username);
    return { id: created.id, username, displayName: prefix, sessionId: randomUUID() };
  };
  const delivery = createResourceDelivery({ inbox, cursors: storage.xmppCursors });
  const send = (from: Person, to: Person, body: string) => messaging.send(from, { to: to.username, clientId: randomUUID(), body });
  /** A sign-in whose resource gets everything it is sent (its session then moves the cursor). */
  const signIn = async (owner: Person, resource: string, limit: number) => {
    const caughtUp = await delivery.catchUp(owner, resource, limit);
    await delivery.sent(owner, resource, caughtUp.cursor);
    return caughtUp.messages;
  };
  return { delivery, signIn, messaging, person, send, close: () => messaging.close() };
}

const bodies = (list: { body: string }[]) => list.map((message) => message.body);

describe("resource delivery", () => {
  it("sends an unanswered request to each resource once, and later messages after it", async () => {
    const w = await world();
    const [alice, bob] = [await w.person("alice"), await w.person("bob")];
    await w.send(alice, bob, "may I?"); // a request: delivery rules keep it unconfirmed
    expect(bodies(await w.signIn(bob, "phone", 500))).toEqual(["may I?"]);
    expect(await w.signIn(bob, "phone", 500)).toEqual([]);
    await w.send(alice, bob, "hello?");
    expect(bodies(await w.signIn(bob, "phone", 500))).toEqual(["hello?"]);
    // Another resource has been sent nothing: it gets what no device confirmed.
    expect(bodies(await w.signIn(bob, "laptop", 500))).toEqual(["may I?", "hello?"]);
    w.close();
  });

  it("starts a new resource after the newest message when nothing waits, and after what was sent live", async () => {
    const w = await world();
    const [alice, bob] = [await w.person("alice"), await w.person("bob")];
    await w.send(bob, alice, "first"); // bob's own message: nothing for bob to be sent
    expect(await w.signIn(bob, "phone", 500)).toEqual([]);
    const live = await w.send(alice, bob, "live");
    await w.delivery.sent(bob, "phone", live.seq);
    expect(await w.signIn(bob, "phone", 500)).toEqual([]);
    w.close();
  });

  it("sends again what a resource did not get (a connection lost before the ack)", async () => {
    const w = await world();
    const [alice, bob] = [await w.person("alice"), await w.person("bob")];
    await w.send(alice, bob, "hi");
    expect(bodies(await w.signIn(bob, "phone", 500))).toEqual(["hi"]);
    const lost = await w.send(alice, bob, "lost");
    expect(bodies((await w.delivery.catchUp(bob, "phone", 500)).messages)).toEqual(["lost"]);
    // Nothing moved the cursor: the next sign-in is sent it again, then nothing more.
    expect(bodies(await w.signIn(bob, "phone", 500))).toEqual(["lost"]);
    expect((await w.delivery.catchUp(bob, "phone", 500)).cursor).toBe(lost.seq);
    expect(await w.signIn(bob, "phone", 500)).toEqual([]);
    w.close();
  });

  it("sends at most a page, and the rest at the next sign-in", async () => {
    const w = await world();
    const [alice, bob] = [await w.person("alice"), await w.person("bob")];
    for (const body of ["1", "2", "3"]) await w.send(alice, bob, body);
    expect(bodies(await w.signIn(bob, "phone", 2))).toEqual(["1", "2"]);
    expect(bodies(await w.signIn(bob, "phone", 2))).toEqual(["3"]);
    w.close();
  });
});
