// The presence service over real sockets and HTTP: subscriptions, notifications, snapshots,
// the grace period, fetchers and pollers.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BuddyListSnapshot, PresenceView } from "@/lib/protocol";
import { io } from "socket.io-client";
import {
  ask,
  connect,
  newUser,
  nextEvent,
  removeDataDir,
  restartServer,
  startServer,
  type TestServer,
  type TestSocket,
} from "./harness";

let server: TestServer;
const GRACE_MS = 300;

beforeAll(async () => {
  server = await startServer({ env: { PRESENCE_GRACE_MS: String(GRACE_MS) } });
});
afterAll(async () => {
  expect(await server.stop()).toBe(0);
  await removeDataDir(server.dataDir);
});

type Person = { username: string; cookie: string; socket: TestSocket; snapshot: BuddyListSnapshot };

async function person(prefix: string): Promise<Person> {
  const { username, cookie } = await newUser(server, prefix);
  const { socket, snapshot } = await connect(server, cookie);
  return { username, cookie, socket, snapshot };
}

/** Collects every event of a kind, to assert on what arrived (and what did not). */
function collect<T>(socket: TestSocket, event: "presence:changed" | "buddylist:snapshot") {
  const seen: T[] = [];
  socket.on(event, (payload: unknown) => seen.push(payload as T));
  return seen;
}

const waitFor = async (check: () => boolean, timeoutMs = 5_000) => {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};

/** Alice subscribes to Bob and Bob approves. */
async function befriend(alice: Person, bob: Person) {
  const requested = nextEvent(bob.socket, "buddylist:snapshot");
  expect(await ask(alice.socket, "subscription:request", { username: bob.username })).toMatchObject({
    ok: true,
    data: { state: "pending" },
  });
  const bobsList = await requested;
  expect(bobsList.incoming.map((request) => request.username)).toContain(alice.username);
  const approved = nextEvent(alice.socket, "buddylist:snapshot");
  const answer = await ask(bob.socket, "subscription:respond", { username: alice.username, approve: true });
  expect(answer).toMatchObject({ ok: true, data: { state: "active", canSubscribeBack: true } });
  return approved;
}

describe("subscriptions", () => {
  it("a request is pending until approved; then the watcher sees the presentity online", async () => {
    const alice = await person("alice");
    const bob = await person("bob");
    const list = await befriend(alice, bob);
    const contact = list.contacts.find((candidate) => candidate.username === bob.username);
    expect(contact).toMatchObject({ subscription: "active", presence: { access: "full", status: { basic: "open" } } });
    alice.socket.close();
    bob.socket.close();
  });

  it("a pending subscriber sees only open/closed (the default rule for strangers)", async () => {
    const alice = await person("alice");
    const bob = await person("bob");
    const list = nextEvent(alice.socket, "buddylist:snapshot");
    await ask(alice.socket, "subscription:request", { username: bob.username });
    const contact = (await list).contacts.find((candidate) => candidate.username === bob.username)!;
    expect(contact.subscription).toBe("pending");
    expect(contact.presence).toMatchObject({ access: "limited", status: { basic: "open", availability: null, note: null } });
    expect(contact.presence.tuples).toEqual([]);
    alice.socket.close();
    bob.socket.close();
  });

  it("a denied request looks pending to its watcher, who never sees more than open/closed", async () => {
    const alice = await person("alice");
    const bob = await person("bob");
    await ask(alice.socket, "subscription:request", { username: bob.username });
    const seen = collect<PresenceView>(alice.socket, "presence:changed");
    expect(await ask(bob.socket, "subscription:respond", { username: alice.username, approve: false })).toMatchObject({
      ok: true,
      data: { state: "denied" },
    });
    await ask(bob.socket, "presence:set-status", { availability: "busy", note: "secret plans" });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(seen.filter((view) => view.username === bob.username)).toEqual([]);
    alice.socket.close();
    bob.socket.close();
  });

  it("removing a contact ends the subscription for both sides", async () => {
    const alice = await person("alice");
    const bob = await person("bob");
    await befriend(alice, bob);
    const bobsList = nextEvent(bob.socket, "buddylist:snapshot");
    expect(await ask(alice.socket, "subscription:remove", { username: bob.username })).toEqual({ ok: true, data: null });
    expect((await bobsList).incoming).toEqual([]);
    const seen = collect<PresenceView>(alice.socket, "presence:changed");
    await ask(bob.socket, "presence:set-status", { availability: "away", note: "gone" });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(seen.filter((view) => view.username === bob.username)).toEqual([]);
    alice.socket.close();
    bob.socket.close();
  });

  it("refuses requests to unknown accounts and to yourself", async () => {
    const alice = await person("alice");
    expect(await ask(alice.socket, "subscription:request", { username: "nobody_here_at_all" })).toMatchObject({
      ok: false,
      error: { code: "not_found" },
    });
    expect(await ask(alice.socket, "subscription:request", { username: alice.username })).toMatchObject({
      ok: false,
      error: { code: "invalid_payload" },
    });
    alice.socket.close();
  });
});

describe("notifications", () => {
  it("a status change reaches active subscribers with a growing version", async () => {
    const alice = await person("alice");
    const bob = await person("bob");
    await befriend(alice, bob);
    const changed = nextEvent(alice.socket, "presence:changed");
    const expiresAt = new Date(Date.now() + 60 * 60 * 1000).toISOString();
    const own = await ask(bob.socket, "presence:set-status", { availability: "busy", note: "in a meeting", expiresAt });
    expect(own).toMatchObject({ ok: true, data: { status: { availability: "busy", note: "in a meeting" } } });
    const view = await changed;
    expect(view).toMatchObject({ username: bob.username, status: { availability: "busy", note: "in a meeting", expiresAt } });
    const cleared = nextEvent(alice.socket, "presence:changed");
    await ask(bob.socket, "presence:clear-status");
    const after = await cleared;
    expect(after.status).toMatchObject({ availability: "available", note: null, expiresAt: null });
    expect(after.version).toBeGreaterThan(view.version);
    alice.socket.close();
    bob.socket.close();
  });

  it("a status that expires clears itself and watchers are told", async () => {
    const alice = await person("alice");
    const bob = await person("bob");
    await befriend(alice, bob);
    // Collected from before the command: on a loaded machine its answer and the expiry can come
    // in one read of the socket. The expiry leaves room for a slow answer; the answer must be ok.
    const views = collect<PresenceView>(alice.socket, "presence:changed");
    const expiresAt = new Date(Date.now() + 2_500).toISOString();
    const set = await ask(bob.socket, "presence:set-status", { availability: "away", note: "brb", expiresAt });
    expect(set).toMatchObject({ ok: true, data: { status: { note: "brb" } } });
    await waitFor(() => views.some((view) => view.username === bob.username && view.status.note === null), 15_000);
    expect(views.at(-1)!.status).toMatchObject({ availability: "available", note: null });
    alice.socket.close();
    bob.socket.close();
  });

  it("an idle tab reports away, unless the person chose busy", async () => {
    const alice = await person("alice");
    const bob = await person("bob");
    await befriend(alice, bob);
    const away = nextEvent(alice.socket, "presence:changed");
    await ask(bob.socket, "presence:set-idle", { idle: true });
    expect((await away).status.availability).toBe("away");
    const busy = nextEvent(alice.socket, "presence:changed");
    await ask(bob.socket, "presence:set-status", { availability: "busy" });
    expect((await busy).status.availability).toBe("busy");
    alice.socket.close();
    bob.socket.close();
  });

  it("user tuples are validated per means, stored in order, and reach watchers", async () => {
    const alice = await person("alice");
    const bob = await person("bob");
    await befriend(alice, bob);
    const bad = await ask(bob.socket, "presence:set-tuples", {
      tuples: [{ means: "tel", address: "call me", status: "open" }],
    });
    expect(bad).toMatchObject({ ok: false, error: { code: "invalid_payload", issues: [{ path: "tuples.0.address" }] } });
    const changed = nextEvent(alice.socket, "presence:changed");
    const good = await ask(bob.socket, "presence:set-tuples", {
      tuples: [
        { means: "mailto", address: "bob@example.org", label: "Work", status: "open" },
        { means: "tel", address: "+1 555 0100", status: "closed" },
      ],
    });
    expect(good.ok).toBe(true);
    const userTuples = (await changed).tuples.filter((tuple) => tuple.kind === "user");
    expect(userTuples.map((tuple) => tuple.contact)).toEqual(["mailto:bob@example.org", "tel:+15550100"]);
    expect(userTuples.map((tuple) => tuple.status)).toEqual(["open", "closed"]);
    alice.socket.close();
    bob.socket.close();
  });

  it("nobody hears anything when nothing they may see changed", async () => {
    const alice = await person("alice");
    const bob = await person("bob");
    await befriend(alice, bob);
    await ask(bob.socket, "presence:set-status", { availability: "away", note: "same" });
    await new Promise((resolve) => setTimeout(resolve, 200));
    const seen = collect<PresenceView>(alice.socket, "presence:changed");
    await ask(bob.socket, "presence:set-status", { availability: "away", note: "same" });
    await ask(bob.socket, "presence:set-idle", { idle: false });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(seen.filter((view) => view.username === bob.username)).toEqual([]);
    alice.socket.close();
    bob.socket.close();
  });
});

describe("bursts", () => {
  it("a burst of status changes reaches watchers coalesced, ending with the latest", async () => {
    const alice = await person("alice");
    const bob = await person("bob");
    await befriend(alice, bob);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const seen = collect<PresenceView>(alice.socket, "presence:changed");
    const steps = 40;
    // One after another (each answered): concurrent ones may be stored in any order.
    const started = Date.now();
    for (let step = 0; step < steps; step += 1) {
      await ask(bob.socket, "presence:set-status", { availability: "away", note: `step ${step}` });
    }
    const burstMs = Date.now() - started;
    await waitFor(() => seen.some((view) => view.username === bob.username && view.status.note === `step ${steps - 1}`));
    await new Promise((resolve) => setTimeout(resolve, 300));
    const fromBob = seen.filter((view) => view.username === bob.username);
    expect(fromBob.at(-1)!.status.note).toBe(`step ${steps - 1}`);
    // At most one notification per coalescing window (100 ms) the burst lasted, plus the last.
    const windows = Math.ceil(burstMs / 100);
    expect(fromBob.length).toBeLessThanOrEqual(Math.min(windows + 1, steps / 2));
    // Versions still grow one step per view the watcher was given.
    expect(fromBob.map((view) => view.version)).toEqual(fromBob.map((_, index) => fromBob[0]!.version + index));
    alice.socket.close();
    bob.socket.close();
  });
});

describe("connections", () => {
  it("a reconnecting subscriber gets a snapshot with its contacts' presence", async () => {
    const alice = await person("alice");
    const bob = await person("bob");
    await befriend(alice, bob);
    await ask(bob.socket, "presence:set-status", { availability: "busy", note: "focus" });
    alice.socket.close();
    const again = await connect(server, alice.cookie);
    expect(again.snapshot.contacts.find((contact) => contact.username === bob.username)?.presence.status).toMatchObject({
      basic: "open",
      availability: "busy",
      note: "focus",
    });
    again.socket.close();
    bob.socket.close();
  });

  it("a reload within the grace period does not flicker; leaving for good shows last seen", async () => {
    const alice = await person("alice");
    const bob = await person("bob");
    await befriend(alice, bob);
    const seen = collect<PresenceView>(alice.socket, "presence:changed");
    // Reload: the tab comes back with the same device id before the grace period ends.
    const deviceId = bob.snapshot.me.tuples.find((tuple) => tuple.kind === "device")!.id;
    bob.socket.close();
    const reloaded = await connect(server, bob.cookie, { deviceId });
    expect(reloaded.session.deviceId).toBe(deviceId);
    await new Promise((resolve) => setTimeout(resolve, GRACE_MS * 3));
    expect(seen.filter((view) => view.username === bob.username)).toEqual([]);
    // Closing the last tab: after the grace period Bob is offline, with a last-seen time.
    const closedAt = Date.now();
    reloaded.socket.close();
    await waitFor(() => seen.some((view) => view.username === bob.username));
    const offline = seen.find((view) => view.username === bob.username)!;
    expect(Date.now() - closedAt).toBeGreaterThanOrEqual(GRACE_MS - 50);
    expect(offline.status).toMatchObject({ basic: "closed", availability: null });
    expect(Date.parse(offline.status.lastSeenAt!)).toBeGreaterThanOrEqual(closedAt - 1_000);
    expect(offline.tuples.filter((tuple) => tuple.kind === "device")).toEqual([]);
    alice.socket.close();
  });

  it("one person with two tabs is one presentity with two device tuples", async () => {
    const bob = await person("bob");
    const firstTabHears = nextEvent(bob.socket, "presence:changed");
    const second = await connect(server, bob.cookie);
    const devices = (view: PresenceView) => view.tuples.filter((tuple) => tuple.kind === "device");
    expect(devices(await firstTabHears)).toHaveLength(2);
    expect(devices(second.snapshot.me)).toHaveLength(2);
    expect(second.session.deviceId).not.toBe(devices(bob.snapshot.me)[0]!.id);
    second.socket.close();
    bob.socket.close();
  });
});

describe("fetchers and pollers", () => {
  it("a lookup shows a stranger only open/closed, and an unknown name is not found", async () => {
    const alice = await person("alice");
    const bob = await person("bob");
    await ask(bob.socket, "presence:set-status", { availability: "busy", note: "private" });
    const fetched = await ask(alice.socket, "presence:fetch", { username: bob.username });
    expect(fetched).toMatchObject({
      ok: true,
      data: { username: bob.username, access: "limited", status: { basic: "open", availability: null, note: null } },
    });
    expect(await ask(alice.socket, "presence:fetch", { username: "no_such_user_x" })).toMatchObject({
      ok: false,
      error: { code: "not_found" },
    });
    alice.socket.close();
    bob.socket.close();
  });

  it("polls over REST with a session, with ETag and 304", async () => {
    const alice = await person("alice");
    const bob = await person("bob");
    await befriend(alice, bob);
    const url = `${server.url}/api/presence/${bob.username}`;
    const first = await fetch(url, { headers: { cookie: alice.cookie } });
    expect(first.status).toBe(200);
    const etag = first.headers.get("etag")!;
    expect((await first.json()) as PresenceView).toMatchObject({ username: bob.username, access: "full" });
    const again = await fetch(url, { headers: { cookie: alice.cookie, "if-none-match": etag } });
    expect(again.status).toBe(304);
    await ask(bob.socket, "presence:set-status", { availability: "away", note: "changed" });
    const changed = await fetch(url, { headers: { cookie: alice.cookie, "if-none-match": etag } });
    expect(changed.status).toBe(200);
    expect(changed.headers.get("etag")).not.toBe(etag);
    alice.socket.close();
    bob.socket.close();
  });

  it("polls with a personal access token until it is revoked", async () => {
    const alice = await person("alice");
    const bob = await person("bob");
    await befriend(alice, bob);
    const created = await ask(alice.socket, "token:create", { name: "my script" });
    if (!created.ok) throw new Error("token not created");
    const url = `${server.url}/api/presence/${bob.username}`;
    const headers = { authorization: `Bearer ${created.data.token}` };
    expect((await fetch(url, { headers })).status).toBe(200);
    const listed = await ask(alice.socket, "token:list");
    expect(listed).toMatchObject({ ok: true, data: [{ id: created.data.id, name: "my script" }] });
    expect(JSON.stringify(listed)).not.toContain(created.data.token);
    await ask(alice.socket, "token:revoke", { id: created.data.id });
    const refused = await fetch(url, { headers });
    expect(refused.status).toBe(401);
    expect((await fetch(url)).status).toBe(401);
    alice.socket.close();
    bob.socket.close();
  });

  it("answers too many polls with 429 and Retry-After", async () => {
    const alice = await person("alice");
    const url = `${server.url}/api/presence/${alice.username}`;
    let response: Response | undefined;
    for (let poll = 0; poll < 70; poll += 1) {
      response = await fetch(url, { headers: { cookie: alice.cookie } });
      if (response.status === 429) break;
    }
    expect(response!.status).toBe(429);
    expect(Number(response!.headers.get("retry-after"))).toBeGreaterThan(0);
    alice.socket.close();
  });
});

describe("the buddy list a tab connects to", () => {
  it("carries each contact's view, with no separate notification of the same view to that tab", async () => {
    const alice = await person("alice");
    const bob = await person("bob");
    await befriend(alice, bob);
    alice.socket.close();
    bob.socket.close();
    // After a restart no view was given to anyone yet: each contact's view is new to Alice's tab.
    expect(await server.stop()).toBe(0);
    server = await restartServer(server);
    const socket: TestSocket = io(server.url, { transports: ["websocket"], extraHeaders: { cookie: alice.cookie }, reconnection: false, forceNew: true });
    const notified = collect<PresenceView>(socket, "presence:changed");
    const snapshot = await nextEvent(socket, "buddylist:snapshot");
    const contact = snapshot.contacts.find((candidate) => candidate.username === bob.username);
    expect(contact?.presence).toMatchObject({ username: bob.username, status: { basic: "closed" } });
    // Bob comes online: that is told, after the snapshot, with a newer version.
    const online = nextEvent(socket, "presence:changed");
    const bobAgain = await connect(server, bob.cookie);
    expect(await online).toMatchObject({ username: bob.username, status: { basic: "open" } });
    expect(notified.map((view) => view.username)).toEqual([bob.username]);
    expect(notified[0]!.version).toBeGreaterThan(contact!.presence.version);
    socket.close();
    bobAgain.socket.close();
  });
});
