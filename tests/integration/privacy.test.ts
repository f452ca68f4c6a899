// Access rules, invisible mode, visibility rules and watcher information, proven on every
// path a watcher can take: lookup, REST poll, subscription request, notification, snapshot
// on reconnect, last seen, suggestions, and watcher information itself.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BuddyListSnapshot, PresenceView, PrivacySettings, WatcherInformation } from "@/lib/protocol";
import { ask, connect, newUser, ok, removeDataDir, restartServer, startServer, type TestServer, type TestSocket } from "./harness";

let server: TestServer;

beforeAll(async () => {
  server = await startServer({ env: { PRESENCE_GRACE_MS: "200" } });
});
afterAll(async () => {
  if (process.env.SHOW_SERVER_LOGS) console.log(server.logs.filter((line) => /"level":(40|50)/.test(line)).join("\n"));
  expect(await server.stop()).toBe(0);
  await removeDataDir(server.dataDir);
});

type Person = { username: string; cookie: string; socket: TestSocket; snapshot: BuddyListSnapshot };

async function person(prefix: string): Promise<Person> {
  const { username, cookie } = await newUser(server, prefix);
  const { socket, snapshot } = await connect(server, cookie);
  return { username, cookie, socket, snapshot };
}


const settle = () => new Promise((resolve) => setTimeout(resolve, 300));

function collect(socket: TestSocket, username: string) {
  const views: PresenceView[] = [];
  socket.on("presence:changed", (view) => view.username === username && views.push(view));
  return views;
}

/** Watcher subscribes to presentity and the presentity approves. */
async function subscribe(watcher: Person, presentity: Person) {
  const { state } = await ok(ask(watcher.socket, "subscription:request", { username: presentity.username }));
  if (state === "pending") {
    await ok(ask(presentity.socket, "subscription:respond", { username: watcher.username, approve: true }));
  }
}

async function setUserRule(owner: Person, username: string, action: string, extra: Record<string, unknown> = {}) {
  return ok<PrivacySettings>(
    ask(owner.socket, "privacy:set-rules", {
      rules: [
        { subject: { type: "user", username }, action, ...extra },
        { subject: { type: "contacts" }, action: "allow" },
        { subject: { type: "signed-in" }, action: "confirm" },
      ],
    }),
  );
}

async function poll(watcher: Person, username: string) {
  const response = await fetch(`${server.url}/api/presence/${username}`, { headers: { cookie: watcher.cookie } });
  return { status: response.status, body: await response.text() };
}

describe("defaults", () => {
  it("are shown as rules: contacts allow, any signed-in user confirm", async () => {
    const alice = await person("alice");
    const settings = await ok<PrivacySettings>(ask(alice.socket, "privacy:get"));
    expect(settings.defaults).toBe(true);
    expect(settings.rules.map((rule) => [rule.subject.type, rule.action])).toEqual([
      ["contacts", "allow"],
      ["signed-in", "confirm"],
    ]);
    expect(settings).toMatchObject({ invisible: false, watcherRetentionDays: 30, visibility: { all: "visible" } });
    alice.socket.close();
  });

  it("approve a contact's request at once, and make a stranger's wait", async () => {
    const alice = await person("alice");
    const bob = await person("bob");
    // Alice has Bob in her list, so Bob is her contact: his request is approved by her rules.
    await ask(alice.socket, "subscription:request", { username: bob.username });
    const answer = await ok(ask(bob.socket, "subscription:request", { username: alice.username }));
    expect(answer.state).toBe("active");
    const carol = await person("carol");
    expect((await ok(ask(carol.socket, "subscription:request", { username: alice.username }))).state).toBe("pending");
    for (const someone of [alice, bob, carol]) someone.socket.close();
  });
});

describe("each action on each path", () => {
  it("allow: everything, on lookup, poll and subscription", async () => {
    const alice = await person("alice");
    const bob = await person("bob");
    await ask(alice.socket, "presence:set-status", { availability: "busy", note: "writing" });
    await setUserRule(alice, bob.username, "allow");
    const fetched = await ok<PresenceView>(ask(bob.socket, "presence:fetch", { username: alice.username }));
    expect(fetched).toMatchObject({ access: "full", status: { basic: "open", availability: "busy", note: "writing" } });
    const polled = await poll(bob, alice.username);
    expect(JSON.parse(polled.body)).toEqual(fetched);
    expect((await ok(ask(bob.socket, "subscription:request", { username: alice.username }))).state).toBe("active");
    alice.socket.close();
    bob.socket.close();
  });

  it("limited: open/closed only, on lookup, poll and notifications", async () => {
    const alice = await person("alice");
    const bob = await person("bob");
    await subscribe(bob, alice);
    await setUserRule(alice, bob.username, "limited");
    const views = collect(bob.socket, alice.username);
    await ask(alice.socket, "presence:set-status", { availability: "away", note: "hidden from bob" });
    await settle();
    const fetched = await ok<PresenceView>(ask(bob.socket, "presence:fetch", { username: alice.username }));
    expect(fetched).toMatchObject({ access: "limited", status: { basic: "open", availability: null, note: null } });
    expect(fetched.tuples).toEqual([]);
    expect(JSON.parse((await poll(bob, alice.username)).body)).toEqual(fetched);
    // The note changed, but nothing Bob may see did (he was moved to limited before it).
    expect(views.every((view) => view.status.note === null)).toBe(true);
    alice.socket.close();
    bob.socket.close();
  });

  it("polite-block: always offline with no last seen, on every path; a request waits silently", async () => {
    const alice = await person("alice");
    const bob = await person("bob");
    await setUserRule(alice, bob.username, "polite-block");
    const fetched = await ok<PresenceView>(ask(bob.socket, "presence:fetch", { username: alice.username }));
    expect(fetched).toMatchObject({ access: "full", status: { basic: "closed", availability: null, note: null, lastSeenAt: null } });
    expect(JSON.parse((await poll(bob, alice.username)).body)).toEqual(fetched);
    const aliceLists: BuddyListSnapshot[] = [];
    alice.socket.on("buddylist:snapshot", (snapshot) => aliceLists.push(snapshot));
    expect((await ok(ask(bob.socket, "subscription:request", { username: alice.username }))).state).toBe("pending");
    await settle();
    expect(aliceLists.at(-1)?.incoming ?? []).toEqual([]);
    // Bob's own list shows Alice just as an offline contact would look.
    const again = await connect(server, bob.cookie);
    expect(again.snapshot.contacts.find((contact) => contact.username === alice.username)?.presence.status).toMatchObject({
      basic: "closed",
      lastSeenAt: null,
    });
    again.socket.close();
    alice.socket.close();
    bob.socket.close();
  });

  it("block: indistinguishable from an unknown name on lookup, poll, subscription and suggestions", async () => {
    const alice = await person("alice");
    const bob = await person("bob");
    await setUserRule(alice, bob.username, "block");
    const unknown = "zz_nobody_by_that_name";
    const fetchBlocked = await ask(bob.socket, "presence:fetch", { username: alice.username });
    const fetchUnknown = await ask(bob.socket, "presence:fetch", { username: unknown });
    expect(fetchBlocked).toEqual(fetchUnknown);
    expect(fetchBlocked.ok).toBe(false);
    const pollBlocked = await poll(bob, alice.username);
    const pollUnknown = await poll(bob, unknown);
    expect(pollBlocked).toEqual(pollUnknown);
    expect(pollBlocked.status).toBe(404);
    const subscribeBlocked = await ask(bob.socket, "subscription:request", { username: alice.username });
    const subscribeUnknown = await ask(bob.socket, "subscription:request", { username: unknown });
    expect(subscribeBlocked).toEqual(subscribeUnknown);
    const suggestions = await ok<{ username: string }[]>(ask(bob.socket, "user:suggest", { prefix: alice.username }));
    expect(suggestions.map((row) => row.username)).not.toContain(alice.username);
    const carol = await person("carol");
    const forCarol = await ok<{ username: string }[]>(ask(carol.socket, "user:suggest", { prefix: alice.username }));
    expect(forCarol.map((row) => row.username)).toContain(alice.username);
    for (const someone of [alice, bob, carol]) someone.socket.close();
  });

  it("a rule can hide chosen tuples and last seen from its subject", async () => {
    const alice = await person("alice");
    const bob = await person("bob");
    const me = await ok<PresenceView>(
      ask(alice.socket, "presence:set-tuples", {
        tuples: [
          { means: "tel", address: "+1 555 0100", label: "Mobile", status: "open" },
          { means: "mailto", address: "alice@example.org", status: "open" },
        ],
      }),
    );
    const phone = me.tuples.find((tuple) => tuple.means === "tel")!;
    await setUserRule(alice, bob.username, "allow", { hiddenTupleIds: [phone.id], hideLastSeen: true });
    const seen = await ok<PresenceView>(ask(bob.socket, "presence:fetch", { username: alice.username }));
    expect(seen.tuples.map((tuple) => tuple.means)).toEqual(["im", "mailto"]);
    alice.socket.close();
    await new Promise((resolve) => setTimeout(resolve, 600)); // grace period, then offline
    const offline = await ok<PresenceView>(ask(bob.socket, "presence:fetch", { username: alice.username }));
    expect(offline.status).toMatchObject({ basic: "closed", lastSeenAt: null });
    bob.socket.close();
  });
});

describe("rule changes take effect at once", () => {
  it("re-notify exactly the affected watchers", async () => {
    const alice = await person("alice");
    const bob = await person("bob");
    const carol = await person("carol");
    await subscribe(bob, alice);
    await subscribe(carol, alice);
    const bobViews = collect(bob.socket, alice.username);
    const carolViews = collect(carol.socket, alice.username);
    const started = Date.now();
    await setUserRule(alice, bob.username, "block");
    await settle();
    expect(bobViews).toHaveLength(1);
    // Like a contact who went offline just now: closed, last seen now.
    expect(bobViews[0]!.status).toMatchObject({ basic: "closed", availability: null });
    expect(Date.parse(bobViews[0]!.status.lastSeenAt!)).toBeGreaterThanOrEqual(started - 1);
    expect(Date.now() - started).toBeLessThan(1_000 + 300);
    expect(carolViews).toEqual([]);
    // Unblocking brings Alice back for Bob, and still nothing for Carol.
    await ok(ask(alice.socket, "privacy:set-rules", { rules: [{ subject: { type: "signed-in" }, action: "allow" }] }));
    await settle();
    expect(bobViews.at(-1)!.status.basic).toBe("open");
    expect(carolViews).toEqual([]);
    for (const someone of [alice, bob, carol]) someone.socket.close();
  });

  it("a group rule follows group membership", async () => {
    const alice = await person("alice");
    const bob = await person("bob");
    await subscribe(bob, alice);
    await ask(alice.socket, "subscription:request", { username: bob.username }); // Bob is now Alice's contact
    const group = await ok<{ id: string }>(ask(alice.socket, "group:create", { name: "Work" }));
    await ok(
      ask(alice.socket, "privacy:set-rules", {
        rules: [
          { subject: { type: "group", groupId: group.id }, action: "limited" },
          { subject: { type: "contacts" }, action: "allow" },
        ],
      }),
    );
    const bobViews = collect(bob.socket, alice.username);
    await ok(ask(alice.socket, "contact:set-groups", { username: bob.username, groupIds: [group.id] }));
    await settle();
    expect(bobViews.at(-1)).toMatchObject({ access: "limited" });
    alice.socket.close();
    bob.socket.close();
  });
});

describe("an empty list of rules", () => {
  it("stays empty after a restart: contacts must ask too, instead of the defaults coming back", async () => {
    const alice = await person("alice");
    const bob = await person("bob");
    await subscribe(alice, bob); // Bob is in Alice's buddy list: the defaults would allow him everything
    const cleared = await ok<PrivacySettings>(ask(alice.socket, "privacy:set-rules", { rules: [] }));
    expect(cleared).toMatchObject({ rules: [], defaults: false });
    expect((await ok<PresenceView>(ask(bob.socket, "presence:fetch", { username: alice.username }))).access).toBe("limited");
    alice.socket.close();
    bob.socket.close();
    expect(await server.stop()).toBe(0);
    server = await restartServer(server);
    const again = await connect(server, alice.cookie);
    expect(await ok<PrivacySettings>(ask(again.socket, "privacy:get", {}))).toMatchObject({ rules: [], defaults: false });
    const bobAgain = await connect(server, bob.cookie);
    expect((await ok<PresenceView>(ask(bobAgain.socket, "presence:fetch", { username: alice.username }))).access).toBe("limited");
    again.socket.close();
    bobAgain.socket.close();
  });
});

describe("appear offline", () => {
  it("shows me offline to everyone while I still see my contacts", async () => {
    const alice = await person("alice");
    const bob = await person("bob");
    await subscribe(bob, alice);
    await subscribe(alice, bob);
    const bobViews = collect(bob.socket, alice.username);
    const settings = await ok<PrivacySettings>(ask(alice.socket, "privacy:set-invisible", { invisible: true }));
    expect(settings.invisible).toBe(true);
    await settle();
    // Like a contact who went offline at that moment, with a last seen like any other.
    expect(bobViews.at(-1)!.status).toMatchObject({ basic: "closed", availability: null });
    expect(bobViews.at(-1)!.status.lastSeenAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(bobViews.at(-1)!.tuples.filter((tuple) => tuple.kind === "device")).toEqual([]);
    // Alice still sees Bob online, and her own tabs still see her online.
    const aliceAgain = await connect(server, alice.cookie);
    expect(aliceAgain.snapshot.contacts.find((contact) => contact.username === bob.username)?.presence.status.basic).toBe("open");
    expect(aliceAgain.snapshot.me.status.basic).toBe("open");
    await ask(alice.socket, "privacy:set-invisible", { invisible: false });
    await settle();
    expect(bobViews.at(-1)!.status.basic).toBe("open");
    aliceAgain.socket.close();
    alice.socket.close();
    bob.socket.close();
  });
});

describe("a note that expires", () => {
  /** A view as its watcher may compare two contacts': no names, no moments. */
  const shape = ({ username: _u, displayName: _d, ...view }: PresenceView) => ({
    ...view,
    status: { ...view.status, lastSeenAt: view.status.lastSeenAt === null ? null : "a moment" },
    tuples: view.tuples.map(({ since: _since, ...tuple }) => tuple),
  });

  it.each(["invisible", "polite-block"] as const)(
    "expires under a hidden view (%s) as it does for a contact who went offline: the watcher is told, and a fetch agrees",
    async (hiding) => {
      const alice = await person("alice");
      const carol = await person("carol");
      const bob = await person("bob");
      await subscribe(bob, alice);
      await subscribe(bob, carol);
      const aliceViews = collect(bob.socket, alice.username);
      const carolViews = collect(bob.socket, carol.username);
      const expiresAt = new Date(Date.now() + 2_500).toISOString();
      for (const someone of [alice, carol]) {
        await ok(ask(someone.socket, "presence:set-status", { availability: "busy", note: "in a meeting", expiresAt }));
      }
      await settle();
      // Carol goes offline; Alice hides from Bob, then sets a note that never expires (Bob must not see it).
      carol.socket.close();
      if (hiding === "invisible") await ok(ask(alice.socket, "privacy:set-invisible", { invisible: true }));
      else await setUserRule(alice, bob.username, "polite-block");
      await new Promise((resolve) => setTimeout(resolve, 200 + 300));
      await ok(ask(alice.socket, "presence:set-status", { availability: "busy", note: "secret" }));
      await settle();
      expect(shape(aliceViews.at(-1)!)).toEqual(shape(carolViews.at(-1)!));
      expect(aliceViews.at(-1)!.status).toMatchObject({ basic: "closed", note: "in a meeting", expiresAt });
      const before = { alice: aliceViews.length, carol: carolViews.length };

      await new Promise((resolve) => setTimeout(resolve, Date.parse(expiresAt) - Date.now()));
      // Both expiries are told; on a loaded machine a moment after the instant itself.
      for (let waited = 0; waited < 5_000 && (aliceViews.length === before.alice || carolViews.length === before.carol); waited += 50) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      await settle(); // and each only once
      expect(aliceViews.slice(before.alice)).toHaveLength(1);
      expect(carolViews.slice(before.carol)).toHaveLength(1);
      expect(carolViews.at(-1)!.status).toMatchObject({ basic: "closed", note: null, expiresAt: null });
      expect(shape(aliceViews.at(-1)!)).toEqual(shape(carolViews.at(-1)!));
      expect(aliceViews.at(-1)!.status.lastSeenAt).toBe(aliceViews[before.alice - 1]!.status.lastSeenAt);
      // A fresh look shows the same, on the socket and over REST.
      for (const [views, username] of [
        [aliceViews, alice.username],
        [carolViews, carol.username],
      ] as const) {
        expect(await ok<PresenceView>(ask(bob.socket, "presence:fetch", { username }))).toEqual(views.at(-1));
        expect(JSON.parse((await poll(bob, username)).body)).toEqual(views.at(-1));
      }
      alice.socket.close();
      bob.socket.close();
    },
  );
});

describe("watcher information", () => {
  it("lists fetchers, pollers and subscribers live, and repeated fetches count as polling", async () => {
    const alice = await person("alice");
    const bob = await person("bob");
    const carol = await person("carol");
    const notices = new Promise((resolve) => alice.socket.once("watchers:event", resolve));
    await ask(bob.socket, "presence:fetch", { username: alice.username });
    expect(await notices).toMatchObject({ username: bob.username, kind: "fetch", hidden: false });
    await ask(bob.socket, "presence:fetch", { username: alice.username });
    await ask(bob.socket, "presence:fetch", { username: alice.username });
    await ask(carol.socket, "subscription:request", { username: alice.username });
    await poll(carol, alice.username);
    const info = await ok<WatcherInformation>(ask(alice.socket, "watchers:get"));
    const bobRow = info.rows.find((row) => row.username === bob.username)!;
    expect(bobRow).toMatchObject({ role: "poller", count: 3, subscription: null, kinds: { fetch: { count: 3 } } });
    const carolRow = info.rows.find((row) => row.username === carol.username)!;
    expect(carolRow).toMatchObject({ role: "subscriber", subscription: "pending" });
    expect(carolRow.kinds).toHaveProperty("poll");
    const today = info.daily.at(-1)!;
    expect(today).toMatchObject({ fetch: 3, poll: 1, subscribe: 1 });
    expect(info.daily).toHaveLength(30);
    for (const someone of [alice, bob, carol]) someone.socket.close();
  });

  it("hidden watchers are counted, not named; and whoever hides sees counts instead of names", async () => {
    const alice = await person("alice");
    const bob = await person("bob");
    const carol = await person("carol");
    await ok(ask(bob.socket, "privacy:set-visibility", { username: alice.username, visibility: "hidden" }));
    const notice = new Promise((resolve) => alice.socket.once("watchers:event", resolve));
    await ask(bob.socket, "presence:fetch", { username: alice.username });
    expect(await notice).toMatchObject({ username: null, hidden: true });
    await ask(alice.socket, "presence:fetch", { username: bob.username });
    await ask(carol.socket, "presence:fetch", { username: bob.username });
    const aliceInfo = await ok<WatcherInformation>(ask(alice.socket, "watchers:get"));
    expect(aliceInfo.rows.map((row) => row.username)).not.toContain(bob.username);
    expect(aliceInfo.hidden).toEqual({ watchers: 1, count: 1 });
    const bobInfo = await ok<WatcherInformation>(ask(bob.socket, "watchers:get"));
    expect(bobInfo.namesWithheld).toBe(true);
    expect(bobInfo.rows).toHaveLength(2);
    expect(bobInfo.rows.every((row) => row.username === null && row.count === 1)).toBe(true);
    for (const someone of [alice, bob, carol]) someone.socket.close();
  });

  it("a rule for hidden watchers applies to those who hide", async () => {
    const alice = await person("alice");
    const bob = await person("bob");
    await ok(ask(bob.socket, "privacy:set-visibility", { username: null, visibility: "hidden" }));
    await ok(ask(alice.socket, "privacy:set-rules", { rules: [{ subject: { type: "hidden-watchers" }, action: "polite-block" }] }));
    const seen = await ok<PresenceView>(ask(bob.socket, "presence:fetch", { username: alice.username }));
    expect(seen.status.basic).toBe("closed");
    alice.socket.close();
    bob.socket.close();
  });

  it("one action from a row puts a rule for that person first", async () => {
    const alice = await person("alice");
    const bob = await person("bob");
    const settings = await ok<PrivacySettings>(ask(alice.socket, "privacy:quick-rule", { username: bob.username, action: "block" }));
    expect(settings.defaults).toBe(false);
    expect(settings.rules[0]).toMatchObject({ subject: { type: "user", username: bob.username }, action: "block" });
    expect(settings.rules.slice(1).map((rule) => rule.subject.type)).toEqual(["contacts", "signed-in"]);
    expect((await ask(bob.socket, "presence:fetch", { username: alice.username })).ok).toBe(false);
    alice.socket.close();
    bob.socket.close();
  });
});

describe("preview and tokens", () => {
  it("'see my presence as' renders what that watcher really gets", async () => {
    const alice = await person("alice");
    const bob = await person("bob");
    await ask(alice.socket, "presence:set-status", { availability: "busy", note: "private" });
    await setUserRule(alice, bob.username, "limited");
    const preview = await ok<{ exists: boolean; view?: PresenceView }>(
      ask(alice.socket, "privacy:preview", { subject: { type: "user", username: bob.username } }),
    );
    const real = await ok<PresenceView>(ask(bob.socket, "presence:fetch", { username: alice.username }));
    expect(preview.exists).toBe(true);
    expect({ ...preview.view, version: 0 }).toEqual({ ...real, version: 0 });
    await setUserRule(alice, bob.username, "block");
    expect(await ok(ask(alice.socket, "privacy:preview", { subject: { type: "user", username: bob.username } }))).toEqual({
      exists: false,
    });
    alice.socket.close();
    bob.socket.close();
  });

  it("a token rule applies to polls made with a personal access token", async () => {
    const alice = await person("alice");
    const bob = await person("bob");
    await subscribe(bob, alice);
    await ok(
      ask(alice.socket, "privacy:set-rules", {
        rules: [
          { subject: { type: "token", tokenId: null }, action: "limited" },
          { subject: { type: "signed-in" }, action: "confirm" },
        ],
      }),
    );
    const token = await ok<{ token: string }>(ask(bob.socket, "token:create", { name: "script" }));
    const withToken = await fetch(`${server.url}/api/presence/${alice.username}`, {
      headers: { authorization: `Bearer ${token.token}` },
    });
    expect(((await withToken.json()) as PresenceView).access).toBe("limited");
    expect((JSON.parse((await poll(bob, alice.username)).body) as PresenceView).access).toBe("full");
    alice.socket.close();
    bob.socket.close();
  });
});

describe("validation", () => {
  it("refuses rules about unknown people or others' groups, and changes nothing", async () => {
    const alice = await person("alice");
    const bad = await ask(alice.socket, "privacy:set-rules", {
      rules: [{ subject: { type: "user", username: "zz_nobody_here" }, action: "block" }],
    });
    expect(bad).toMatchObject({ ok: false, error: { code: "invalid_payload", issues: [{ path: "rules.0.subject.username" }] } });
    const wrongAction = await ask(alice.socket, "privacy:set-rules", {
      rules: [{ subject: { type: "signed-in" }, action: "obliterate" }],
    });
    expect(wrongAction).toMatchObject({ ok: false, error: { code: "invalid_payload" } });
    expect((await ok<PrivacySettings>(ask(alice.socket, "privacy:get"))).defaults).toBe(true);
    alice.socket.close();
  });
});
