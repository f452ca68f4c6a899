// Quiet hours end to end, through a real server: a schedule that begins a few seconds ahead and
// lasts a minute. A watcher allowed availability sees busy begin and end live; a `limited`
// watcher sees nothing change; no push reaches the person while quiet (even with "notify me
// while busy" on), and pushes come again once they end. Their own status stays theirs.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PresenceView, QuietHoursSettings } from "@/lib/protocol";
import { ask, connectedUser, ok, removeDataDir, startServer, type TestServer, type TestSocket } from "./harness";
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


/** Watcher subscribes to presentity and the presentity approves. */
async function subscribe(watcher: Person, presentity: Person) {
  const { state } = await ok(ask(watcher.socket, "subscription:request", { username: presentity.username }));
  if (state === "pending") await ok(ask(presentity.socket, "subscription:respond", { username: watcher.username, approve: true }));
}

function collect(socket: TestSocket, username: string) {
  const views: PresenceView[] = [];
  socket.on("presence:changed", (view) => view.username === username && views.push(view));
  return views;
}

/** A 100 ms poll that took longer than this stood still (the process, or the machine, paused). */
const STALL_MS = 2_000;

/**
 * Resolves once `views` holds one that matches (checked every 100 ms), within `timeoutMs` of
 * time this process ran. A stall does not count: when the whole machine stands still (a VM
 * paused for a snapshot), the server's transition timer and this poll are both overdue when it
 * resumes, and the poll must not give up before the server has had its turn.
 */
async function seen(views: PresenceView[], matches: (view: PresenceView) => boolean, timeoutMs: number): Promise<PresenceView> {
  let left = timeoutMs;
  for (;;) {
    const found = views.find(matches);
    if (found) return found;
    if (left < 0) throw new Error(`no matching view within ${timeoutMs} ms; saw ${JSON.stringify(views.map((view) => view.status))}`);
    const before = Date.now();
    await new Promise((resolve) => setTimeout(resolve, 100));
    const slept = Date.now() - before;
    left -= slept > STALL_MS ? 100 : slept;
  }
}

async function send(from: Person, to: Person, body: string) {
  await ok(ask(from.socket, "im:send", { to: to.username, clientId: randomUUID(), body }));
}

const clock = (at: Date) => `${String(at.getUTCHours()).padStart(2, "0")}:${String(at.getUTCMinutes()).padStart(2, "0")}`;
const settle = (ms = 1_000) => new Promise((resolve) => setTimeout(resolve, ms));

describe("quiet hours", () => {
  it("refuses a zone the server does not know and times that are not times", async () => {
    const alice = await person("alice");
    for (const quietHours of [
      { zone: "Mars/Olympus_Mons", ranges: [] },
      { zone: "UTC", ranges: [{ days: [1], start: "25:00", end: "07:00" }] },
      { zone: "UTC", ranges: [{ days: [7], start: "22:00", end: "07:00" }] },
    ]) {
      const ack = await ask(alice.socket, "presence:set-quiet-hours", { quietHours });
      expect(ack).toMatchObject({ ok: false, error: { code: "invalid_payload" } });
    }
    expect(await ok(ask(alice.socket, "presence:get-quiet-hours"))).toEqual({ quietHours: null, quiet: false, nextChangeAt: null });
    alice.socket.close();
  });

  it("show busy live to whom may see availability, nothing to a limited watcher, and hold back pushes", { timeout: 200_000 }, async () => {
    const [alice, bob, carol] = await Promise.all([person("alice"), person("bob"), person("carol")]);
    // Bob: a contact both ways (full access). Carol: a watcher Alice's rules keep to open/closed.
    await subscribe(bob, alice);
    await subscribe(alice, bob);
    await subscribe(carol, alice);
    await ok(
      ask(alice.socket, "privacy:set-rules", {
        rules: [
          { subject: { type: "user", username: carol.username }, action: "limited" },
          { subject: { type: "contacts" }, action: "allow" },
          { subject: { type: "signed-in" }, action: "confirm" },
        ],
      }),
    );
    await ok(ask(alice.socket, "presence:set-status", { availability: "available", note: "around" }));
    // Alice's device gets pushes (her tab is hidden: it never said it is visible), even while busy.
    const device: TestDevice = receiver.device();
    const subscribed = await fetch(`${server.url}/api/push/subscriptions`, {
      method: "POST",
      headers: { cookie: alice.cookie, "content-type": "application/json" },
      body: JSON.stringify(device.subscription),
    });
    expect(subscribed.status).toBe(201);
    await ok(ask(alice.socket, "im:set-settings", { notifyWhileBusy: true }));
    await settle(500);

    const bobSees = collect(bob.socket, alice.username);
    const carolSees = collect(carol.socket, alice.username);
    const aliceSees = collect(alice.socket, alice.username);

    // A one-minute range from the next whole minute at least 3 s away.
    const start = new Date(Math.ceil((Date.now() + 3_000) / 60_000) * 60_000);
    const end = new Date(start.getTime() + 60_000);
    const schedule = { zone: "UTC", ranges: [{ days: [start.getUTCDay()], start: clock(start), end: clock(end) }] };
    const saved = await ok<QuietHoursSettings>(ask(alice.socket, "presence:set-quiet-hours", { quietHours: schedule }));
    expect(saved).toEqual({ quietHours: schedule, quiet: false, nextChangeAt: start.toISOString() });

    const busy = await seen(bobSees, (view) => view.status.availability === "busy", start.getTime() - Date.now() + 15_000);
    expect(Date.now()).toBeGreaterThanOrEqual(start.getTime());
    // Her note is hers: quiet hours change the availability shown, nothing else.
    expect(busy.status).toMatchObject({ basic: "open", availability: "busy", note: "around" });
    await seen(aliceSees, (view) => view.status.availability === "busy", 5_000);
    expect(await ok<QuietHoursSettings>(ask(alice.socket, "presence:get-quiet-hours"))).toEqual({
      quietHours: schedule,
      quiet: true,
      nextChangeAt: end.toISOString(),
    });

    // While quiet: delivered, but not pushed — "notify me while busy" does not override.
    await send(bob, alice, "during quiet hours");
    await settle();
    expect(receiver.for(device)).toEqual([]);

    const available = await seen(bobSees, (view) => view.status.availability === "available", end.getTime() - Date.now() + 15_000);
    expect(Date.now()).toBeGreaterThanOrEqual(end.getTime());
    expect(available.status).toMatchObject({ basic: "open", availability: "available", note: "around" });
    expect(available.version).toBeGreaterThan(busy.version);

    // Over: pushes come again, and the one held back never does.
    await send(bob, alice, "after quiet hours");
    const pushes = await receiver.waitFor(device);
    await settle(500);
    expect(receiver.for(device).map((push) => (push.payload as { body: string }).body)).toEqual(["after quiet hours"]);
    expect(pushes).toHaveLength(1);

    // Carol may see open/closed only: nothing she may see changed, so she heard nothing.
    expect(carolSees).toEqual([]);
    const carolView = await ok<PresenceView>(ask(carol.socket, "presence:fetch", { username: alice.username }));
    expect(carolView).toMatchObject({ access: "limited", status: { basic: "open", availability: null, note: null } });

    for (const who of [alice, bob, carol]) who.socket.close();
  });

  it("keep a status the person chose: away stays away, and nothing changes for watchers", { timeout: 30_000 }, async () => {
    const [alice, bob] = await Promise.all([person("alice"), person("bob")]);
    await subscribe(bob, alice);
    await ok(ask(alice.socket, "presence:set-status", { availability: "away", note: "walking the dog" }));
    await settle(500);
    const bobSees = collect(bob.socket, alice.username);
    const everyDay = [0, 1, 2, 3, 4, 5, 6];
    const saved = await ok<QuietHoursSettings>(
      ask(alice.socket, "presence:set-quiet-hours", { quietHours: { zone: "Europe/Berlin", ranges: [{ days: everyDay, start: "00:00", end: "00:00" }] } }),
    );
    expect(saved).toMatchObject({ quiet: true, nextChangeAt: null });
    await settle();
    expect(bobSees).toEqual([]);
    const view = await ok<PresenceView>(ask(bob.socket, "presence:fetch", { username: alice.username }));
    expect(view.status).toMatchObject({ availability: "away", note: "walking the dog" });
    // Cleared: back to what she chose, as it always was.
    await ok(ask(alice.socket, "presence:clear-status"));
    const busyNow = await seen(bobSees, () => true, 5_000);
    expect(busyNow.status).toMatchObject({ availability: "busy", note: null });
    expect(await ok(ask(alice.socket, "presence:set-quiet-hours", { quietHours: null }))).toEqual({ quietHours: null, quiet: false, nextChangeAt: null });
    await seen(bobSees, (view) => view.status.availability === "available", 5_000);
    alice.socket.close();
    bob.socket.close();
  });
});
