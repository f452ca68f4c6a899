// Web Push end to end: a device subscribes over REST, and a message or contact request to an
// account with no visible tab reaches a local push service (push-receiver.ts) encrypted, signed
// with the server's VAPID key, and decrypts to what was sent. Visible tabs, `busy`, the choice
// to hide message text, message requests and blocks are respected; a device the push service
// no longer knows (410) is removed. Push is the browser session's to manage, never a token's.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PushKey, PushSubscriptionList } from "@/lib/protocol/push";
import { ask, connectedUser, removeDataDir, startServer, type TestServer, type TestSocket } from "./harness";
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

type Person = { username: string; cookie: string; socket: TestSocket };

const person = (prefix: string): Promise<Person> => connectedUser(server, prefix);

const api = (who: { cookie?: string }, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
  fetch(`${server.url}${path}`, {
    method,
    headers: {
      ...(who.cookie ? { cookie: who.cookie } : {}),
      ...(body === undefined ? {} : { "content-type": "application/json" }),
      "user-agent": "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0",
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

/** A person with one device subscribed to push (and a tab open, hidden: it never said it is visible). */
async function subscribed(prefix: string): Promise<Person & { device: TestDevice }> {
  return subscribe(await person(prefix));
}

async function subscribe(who: Person): Promise<Person & { device: TestDevice }> {
  const device = receiver.device();
  const response = await api(who, "POST", "/api/push/subscriptions", device.subscription);
  expect(response.status).toBe(201);
  return { ...who, device };
}

async function send(from: Person, to: Person, body: string) {
  const ack = await ask(from.socket, "im:send", { to: to.username, clientId: randomUUID(), body });
  if (!ack.ok) throw new Error(`send failed: ${JSON.stringify(ack.error)}`);
}

/** Contacts both ways, so messages land in the conversation (not in message requests). */
async function befriend(a: Person, b: Person) {
  await ask(a.socket, "subscription:request", { username: b.username });
  await ask(b.socket, "subscription:respond", { username: a.username, approve: true });
  await ask(b.socket, "subscription:request", { username: a.username });
  await ask(a.socket, "subscription:respond", { username: b.username, approve: true });
}

/** Alice and Bob, contacts both ways (so no contact request is pending), then Bob's device subscribes. */
async function friends(): Promise<[Person, Person & { device: TestDevice }]> {
  const [alice, bob] = await Promise.all([person("alice"), person("bob")]);
  await befriend(alice, bob);
  return [alice, await subscribe(bob)];
}

/** Pushes that arrive within a short while (for "nothing more arrived" checks, after one that did). */
const settle = () => new Promise((resolve) => setTimeout(resolve, 500));

describe("Web Push", () => {
  it("delivers a message encrypted, signed with the server's key, decrypting to what was sent", async () => {
    const [alice, bob] = await friends();
    await send(alice, bob, "Lunch at noon? 🍜");
    const [push] = await receiver.waitFor(bob.device);
    expect(push!.payload).toEqual({
      title: alice.username,
      body: "Lunch at noon? 🍜",
      url: `/messages/${alice.username}`,
      tag: expect.any(String),
      silent: false,
    });
    expect(push!.headers["content-encoding"]).toBe("aes128gcm");
    expect(push!.body.includes(Buffer.from("Lunch"))).toBe(false);
    expect(Number(push!.headers.ttl)).toBeGreaterThan(0);
    const key = (await (await api(bob, "GET", "/api/push/key")).json()) as PushKey;
    expect(push!.vapidKey).toBe(key.publicKey);
  });

  it("lists the subscribed device by its browser, and removes it on request", async () => {
    const bob = await subscribed("bob");
    const list = (await (await api(bob, "GET", "/api/push/subscriptions")).json()) as PushSubscriptionList;
    expect(list.subscriptions).toEqual([
      { id: expect.any(String), device: "Firefox on Linux", endpoint: bob.device.subscription.endpoint, createdAt: expect.any(String) },
    ]);
    const other = await person("eve");
    expect((await api(other, "DELETE", `/api/push/subscriptions/${list.subscriptions[0]!.id}`)).status).toBe(404);
    expect((await api(bob, "DELETE", `/api/push/subscriptions/${list.subscriptions[0]!.id}`)).status).toBe(200);
    expect(((await (await api(bob, "GET", "/api/push/subscriptions")).json()) as PushSubscriptionList).subscriptions).toEqual([]);
  });

  it("sends nothing while a tab of the recipient is visible", async () => {
    const [alice, bob] = await friends();
    expect(await ask(bob.socket, "tab:set-visibility", { visible: true })).toEqual({ ok: true, data: null });
    await send(alice, bob, "you are looking at this");
    expect(await ask(bob.socket, "tab:set-visibility", { visible: false })).toEqual({ ok: true, data: null });
    await send(alice, bob, "now you are not");
    const pushes = await receiver.waitFor(bob.device);
    await settle();
    expect(receiver.for(bob.device).map((push) => (push.payload as { body: string }).body)).toEqual(["now you are not"]);
    expect(pushes).toHaveLength(1);
  });

  it("a visible tab that closes no longer holds pushes back", async () => {
    const [alice, bob] = await friends();
    await ask(bob.socket, "tab:set-visibility", { visible: true });
    bob.socket.close();
    await settle();
    await send(alice, bob, "while you were away");
    expect((await receiver.waitFor(bob.device))[0]!.payload).toMatchObject({ body: "while you were away" });
  });

  it("respects busy, unless the recipient asked to be notified while busy", async () => {
    const [alice, bob] = await friends();
    expect((await ask(bob.socket, "presence:set-status", { availability: "busy" })).ok).toBe(true);
    await send(alice, bob, "quiet please");
    expect((await ask(bob.socket, "im:set-settings", { notifyWhileBusy: true })).ok).toBe(true);
    await send(alice, bob, "urgent");
    await receiver.waitFor(bob.device);
    await settle();
    expect(receiver.for(bob.device).map((push) => (push.payload as { body: string }).body)).toEqual(["urgent"]);
  });

  it("names only the sender when message text is hidden", async () => {
    const [alice, bob] = await friends();
    expect(await (await api(bob, "GET", "/api/push/settings")).json()).toEqual({ showText: true });
    const changed = await api(bob, "PATCH", "/api/push/settings", { showText: false });
    expect(await changed.json()).toEqual({ showText: false });
    await send(alice, bob, "a secret");
    const [push] = await receiver.waitFor(bob.device);
    expect(push!.payload).toMatchObject({ title: `New message from ${alice.username}`, body: "" });
    expect(JSON.stringify(push!.payload)).not.toContain("secret");
  });

  it("gives a message request one quiet notice without its text", async () => {
    const [stranger, bob] = await Promise.all([person("stranger"), subscribed("bob")]);
    await send(stranger, bob, "hello, it's me");
    await send(stranger, bob, "again");
    const [push] = await receiver.waitFor(bob.device);
    await settle();
    expect(receiver.for(bob.device)).toHaveLength(1);
    expect(push!.payload).toEqual({
      title: `Message request from ${stranger.username}`,
      body: "",
      url: `/messages/${stranger.username}`,
      tag: `request:${stranger.username}`,
      silent: true,
    });
  });

  it("pushes nothing from a blocked sender", async () => {
    const [alice, mallory, plainBob] = await Promise.all([person("alice"), person("mallory"), person("bob")]);
    await befriend(alice, plainBob);
    await befriend(mallory, plainBob);
    const bob = await subscribe(plainBob);
    expect((await ask(bob.socket, "privacy:quick-rule", { username: mallory.username, action: "block" })).ok).toBe(true);
    const refused = await ask(mallory.socket, "im:send", { to: bob.username, clientId: randomUUID(), body: "let me in" });
    expect(refused.ok).toBe(false);
    await ask(mallory.socket, "subscription:request", { username: bob.username });
    await send(alice, bob, "from a friend");
    await receiver.waitFor(bob.device);
    await settle();
    expect(receiver.for(bob.device).map((push) => push.payload)).toEqual([expect.objectContaining({ body: "from a friend" })]);
  });

  it("announces a contact request the recipient is asked about", async () => {
    const [carol, bob] = await Promise.all([person("carol"), subscribed("bob")]);
    expect((await ask(carol.socket, "subscription:request", { username: bob.username })).ok).toBe(true);
    const [push] = await receiver.waitFor(bob.device);
    expect(push!.payload).toEqual({ title: `${carol.username} wants to add you as a contact`, body: "", url: "/", tag: `contact:${carol.username}`, silent: false });
  });

  it("removes a subscription the push service answers 410 Gone", async () => {
    const [alice, bob] = await friends();
    bob.device.status = 410;
    await send(alice, bob, "anyone there?");
    await receiver.waitFor(bob.device);
    const deadline = Date.now() + 5_000;
    let list: PushSubscriptionList;
    do {
      list = (await (await api(bob, "GET", "/api/push/subscriptions")).json()) as PushSubscriptionList;
    } while (list.subscriptions.length > 0 && Date.now() < deadline && (await settle(), true));
    expect(list.subscriptions).toEqual([]);
  });

  it("is the browser session's only: no cookie, a token, a plain-HTTP endpoint or a cross-site post is refused", async () => {
    const bob = await person("bob");
    const created = await ask(bob.socket, "token:create", { name: "bot", scopes: ["presence:read", "presence:manage", "messages"] });
    if (!created.ok) throw new Error(JSON.stringify(created.error));
    const token = (created.data as { token: string }).token;
    const device = receiver.device();
    for (const path of ["/api/push/key", "/api/push/subscriptions", "/api/push/settings"]) {
      expect((await api({}, "GET", path, undefined, { authorization: `Bearer ${token}` })).status, path).toBe(401);
    }
    expect((await api({}, "POST", "/api/push/subscriptions", device.subscription, { authorization: `Bearer ${token}` })).status).toBe(401);
    const insecure = { ...device.subscription, endpoint: device.subscription.endpoint.replace("https:", "http:") };
    expect((await api(bob, "POST", "/api/push/subscriptions", insecure)).status).toBe(422);
    const crossSite = await api(bob, "POST", "/api/push/subscriptions", device.subscription, { origin: "https://evil.example" });
    expect(crossSite.status).toBe(403);
    const huge = await api(bob, "POST", "/api/push/subscriptions", { ...device.subscription, endpoint: `${device.subscription.endpoint}?${"x".repeat(20_000)}` });
    expect(huge.status).toBe(413);
    expect((await api(bob, "DELETE", "/api/push/subscriptions/not-a-uuid")).status).toBe(404);
  });
});
