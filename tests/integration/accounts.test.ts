// Accounts and the instance: settings (password, sessions, export, deletion) and the
// operator's controls (sign-up modes, invitations, suspension, the admin API and terminal).
import { spawnSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ask, connect, newUser, PASSWORD, removeDataDir, signIn, signUp, startServer, type TestServer, uniqueName } from "./harness";
import { runSql } from "./database";

const root = path.resolve(import.meta.dirname, "../..");

async function api(server: TestServer, cookie: string, method: string, url: string, body?: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${server.url}${url}`, {
    method,
    headers: { cookie, ...(body === undefined ? {} : { "content-type": "application/json" }), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {}, headers: response.headers };
}

describe("account settings", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer({ env: { PRESENCE_GRACE_MS: "200" } });
  });
  afterAll(async () => {
    expect(await server.stop()).toBe(0);
    await removeDataDir(server.dataDir);
  });

  it("a password change ends every other session of the account, sockets included", async () => {
    const { username, cookie } = await newUser(server, "pw");
    const other = await signIn(server, username);
    const otherSocket = (await connect(server, other.jar.header())).socket;
    const ended = new Promise((resolve) => otherSocket.once("session:ended", resolve));
    const wrong = await api(server, cookie, "POST", "/api/account/password", { currentPassword: "not it at all", newPassword: "a brand new password 7" });
    expect(wrong.status).toBe(403);
    const changed = await api(server, cookie, "POST", "/api/account/password", { currentPassword: PASSWORD, newPassword: "a brand new password 7" });
    expect(changed.status).toBe(200);
    expect(await ended).toEqual({ reason: "revoked" });
    expect((await api(server, other.jar.header(), "GET", "/api/account/sessions")).status).toBe(401);
    const mine = await api(server, cookie, "GET", "/api/account/sessions");
    expect(mine.status).toBe(200);
    expect((await signIn(server, username, "a brand new password 7")).signedIn).toBe(true);
    expect((await signIn(server, username)).signedIn).toBe(false);
  });

  it("lists my sessions with device and rough address, and signs out one or all others", async () => {
    const { username, cookie } = await newUser(server, "sess");
    const second = await signIn(server, username);
    await signIn(server, username);
    const listed = await api(server, cookie, "GET", "/api/account/sessions");
    const sessions = listed.body.sessions as { id: string; current: boolean; address: string | null; device: string }[];
    expect(sessions).toHaveLength(3);
    expect(sessions.filter((session) => session.current)).toHaveLength(1);
    expect(sessions[0]!.address).toBe("127.0.0.x");
    const secondId = sessions.find((session) => !session.current)!.id;
    expect((await api(server, cookie, "DELETE", `/api/account/sessions/${secondId}`)).status).toBe(200);
    expect(((await api(server, cookie, "DELETE", "/api/account/sessions")).body as { ended: number }).ended).toBe(1);
    expect((await api(server, cookie, "GET", "/api/account/sessions")).body.sessions).toHaveLength(1);
    expect((await api(server, second.jar.header(), "GET", "/api/account/sessions")).status).toBe(401);
  });

  it("exports my data as one JSON file that contains a message I sent", async () => {
    const alice = await newUser(server, "exp");
    const bob = await newUser(server, "exq");
    const { socket } = await connect(server, alice.cookie);
    await ask(socket, "subscription:request", { username: bob.username });
    await ask(socket, "im:send", { to: bob.username, clientId: randomUUID(), body: "exported words" });
    socket.close();
    const response = await fetch(`${server.url}/api/account/export`, { headers: { cookie: alice.cookie } });
    expect(response.headers.get("content-disposition")).toMatch(/attachment; filename="buddylist-.*\.json"/);
    const data = (await response.json()) as { format: string; profile: { username: string }; contacts: unknown[]; inbox: { messages: { body: string; direction: string; status: string }[] } };
    expect(data.format).toBe("buddylist-export");
    expect(data.profile.username).toBe(alice.username);
    expect(data.contacts).toHaveLength(1);
    expect(data.inbox.messages).toEqual([expect.objectContaining({ body: "exported words", direction: "outgoing", status: "sent" })]);
  });

  it("exports my watchers exactly as watcher information shows them: hidden ones counted, names withheld under reciprocity", async () => {
    const alice = await newUser(server, "exw");
    const bob = await newUser(server, "exhid");
    const carol = await newUser(server, "exvis");
    const aliceSocket = (await connect(server, alice.cookie)).socket;
    for (const watcher of [bob, carol]) {
      const socket = (await connect(server, watcher.cookie)).socket;
      if (watcher === bob) expect((await ask(socket, "privacy:set-visibility", { username: alice.username, visibility: "hidden" })).ok).toBe(true);
      expect((await ask(socket, "subscription:request", { username: alice.username })).ok).toBe(true);
      expect((await ask(aliceSocket, "subscription:respond", { username: watcher.username, approve: true })).ok).toBe(true);
      socket.close();
    }
    type Exported = { watchers: { username: string | null; subscription: string }[]; hiddenWatchers: number };
    const exported = async () => {
      const response = await fetch(`${server.url}/api/account/export`, { headers: { cookie: alice.cookie } });
      const text = await response.text();
      return { text, data: JSON.parse(text) as Exported };
    };
    const namesIn = async () => {
      const info = await ask(aliceSocket, "watchers:get");
      if (!info.ok) throw new Error(JSON.stringify(info.error));
      return { names: info.data.rows.map((row) => row.username), hidden: info.data.hidden.watchers };
    };

    const named = await exported();
    expect(named.text).not.toContain(bob.username);
    expect(named.data.watchers).toEqual([{ username: carol.username, subscription: "active", since: expect.any(String) }]);
    expect(named.data.hiddenWatchers).toBe(1);
    expect(await namesIn()).toEqual({ names: named.data.watchers.map((row) => row.username), hidden: named.data.hiddenWatchers });

    // alice hides her own watching from everyone: she sees no watcher's name, in the export either.
    expect((await ask(aliceSocket, "privacy:set-visibility", { username: null, visibility: "hidden" })).ok).toBe(true);
    const withheld = await exported();
    expect(withheld.text).not.toContain(bob.username);
    expect(withheld.text).not.toContain(carol.username);
    expect(withheld.data.watchers).toEqual([{ username: null, subscription: "active", since: expect.any(String) }]);
    expect(await namesIn()).toEqual({ names: [null], hidden: 1 });
    aliceSocket.close();
  });

  it("deleting an account: watchers see an unknown user, its messages stay as from a deleted account, its name is never free again", async () => {
    const alice = await newUser(server, "del");
    const bob = await newUser(server, "watch");
    const aliceSocket = (await connect(server, alice.cookie)).socket;
    const bobSocket = (await connect(server, bob.cookie)).socket;
    await ask(bobSocket, "subscription:request", { username: alice.username });
    await ask(aliceSocket, "subscription:respond", { username: bob.username, approve: true });
    await ask(aliceSocket, "im:send", { to: bob.username, clientId: randomUUID(), body: "before I go" });
    const closed = new Promise((resolve) => aliceSocket.once("disconnect", resolve));
    const refused = await api(server, alice.cookie, "DELETE", "/api/account", { password: "wrong password 123" });
    expect(refused.status).toBe(403);
    const list = new Promise<{ contacts: { username: string }[] }>((resolve) => bobSocket.once("buddylist:snapshot", resolve));
    expect((await api(server, alice.cookie, "DELETE", "/api/account", { password: PASSWORD })).status).toBe(200);
    await closed;
    expect((await list).contacts.map((contact) => contact.username)).not.toContain(alice.username);
    const lookup = await ask(bobSocket, "presence:fetch", { username: alice.username });
    const unknown = await ask(bobSocket, "presence:fetch", { username: "zz_never_existed" });
    expect(lookup).toEqual(unknown);
    const poll = await fetch(`${server.url}/api/presence/${alice.username}`, { headers: { cookie: bob.cookie } });
    expect(poll.status).toBe(404);
    const conversations = await ask(bobSocket, "im:conversations", {});
    expect(conversations.ok && conversations.data.find((summary) => summary.peer === alice.username)).toMatchObject({
      displayName: "Deleted account",
      lastMessage: { body: "before I go", direction: "incoming" },
    });
    expect((await signUp(server, alice.username)).status).toBe(409);
    expect((await signIn(server, alice.username)).signedIn).toBe(false);
    bobSocket.close();
  });

  it("refuses cross-site posts and non-JSON bodies to account endpoints", async () => {
    const { cookie } = await newUser(server, "csrf");
    const crossSite = await api(server, cookie, "POST", "/api/account/password", { currentPassword: PASSWORD, newPassword: "another password 99" }, { origin: "https://evil.example" });
    expect(crossSite.status).toBe(403);
    const form = await fetch(`${server.url}/api/account/password`, {
      method: "POST",
      headers: { cookie, "content-type": "application/x-www-form-urlencoded" },
      body: "currentPassword=x&newPassword=y",
    });
    expect(form.status).toBe(415);
  });
});

describe("the operator", () => {
  let server: TestServer;
  let adminCookie: string;
  beforeAll(async () => {
    server = await startServer({ env: { SIGNUPS: "invite", PRESENCE_GRACE_MS: "200" } });
    // The first account of an empty instance is admitted and becomes the administrator.
    const first = await newUser(server, "admin");
    adminCookie = first.cookie;
  });
  afterAll(async () => {
    expect(await server.stop()).toBe(0);
    await removeDataDir(server.dataDir);
  });

  it("admits sign-ups only with a valid invitation, and counts its uses", async () => {
    const refused = await signUp(server, uniqueName("nobody"));
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ error: { message: "Sign-ups on this server need an invitation link." } });
    const created = await api(server, adminCookie, "POST", "/api/admin/invites", { expiresInHours: 24, maxUses: 2 });
    expect(created.status).toBe(201);
    const invite = created.body.invite as { id: string; secret: string; link: string };
    expect(invite.link).toBe(`/signup?invite=${encodeURIComponent(invite.secret)}`);
    const withInvite = (name: string) =>
      fetch(`${server.url}/api/accounts`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ username: name, password: PASSWORD, invite: invite.secret }),
      });
    expect((await withInvite(uniqueName("inv"))).status).toBe(201);
    expect((await withInvite(uniqueName("inv"))).status).toBe(201);
    expect((await withInvite(uniqueName("inv"))).status).toBe(403); // used up
    const listed = await api(server, adminCookie, "GET", "/api/admin/invites");
    expect((listed.body.invites as { id: string; uses: number; state: string }[]).find((row) => row.id === invite.id)).toMatchObject({
      uses: 2,
      state: "used-up",
    });
  });

  it("refuses an expired or revoked invitation", async () => {
    const create = async () => (await api(server, adminCookie, "POST", "/api/admin/invites", { expiresInHours: 1, maxUses: 5 })).body.invite as { id: string; secret: string };
    const expired = await create();
    await runSql(server, `UPDATE "Invite" SET "expiresAt" = '2000-01-01T00:00:00.000+00:00' WHERE "id" = '${expired.id}'`);
    const revoked = await create();
    expect((await api(server, adminCookie, "DELETE", `/api/admin/invites/${revoked.id}`)).status).toBe(200);
    for (const invite of [expired, revoked]) {
      const response = await fetch(`${server.url}/api/accounts`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ username: uniqueName("late"), password: PASSWORD, invite: invite.secret }),
      });
      expect(response.status).toBe(403);
    }
  });

  it("suspends an account: its socket drops within a second and it cannot sign in", async () => {
    const invite = (await api(server, adminCookie, "POST", "/api/admin/invites", { expiresInHours: 1, maxUses: 1 })).body.invite as { secret: string };
    const name = uniqueName("sus");
    await fetch(`${server.url}/api/accounts`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username: name, password: PASSWORD, invite: invite.secret }),
    });
    const { jar } = await signIn(server, name);
    const { socket } = await connect(server, jar.header());
    const dropped = new Promise((resolve) => socket.once("disconnect", resolve));
    const started = Date.now();
    expect((await api(server, adminCookie, "PATCH", `/api/admin/accounts/${name}`, { suspended: true })).status).toBe(200);
    await dropped;
    expect(Date.now() - started).toBeLessThan(1_000);
    const again = await signIn(server, name);
    expect(again.signedIn).toBe(false);
    expect(new URL(again.location).searchParams.get("code")).toBe("suspended");
    expect((await api(server, adminCookie, "PATCH", `/api/admin/accounts/${name}`, { suspended: false })).status).toBe(200);
    expect((await signIn(server, name)).signedIn).toBe(true);
    const audit = await api(server, adminCookie, "GET", "/api/admin/audit");
    const actions = (audit.body.entries as { action: string; target: string }[]).filter((entry) => entry.target === name).map((entry) => entry.action);
    expect(actions).toEqual(["account.unsuspend", "account.suspend"]);
  });

  it("shows figures: accounts, clients connected now, messages per day", async () => {
    const { socket } = await connect(server, adminCookie);
    const figures = await api(server, adminCookie, "GET", "/api/admin/figures");
    expect(figures.status).toBe(200);
    expect(figures.body).toMatchObject({ accounts: expect.any(Number), connectedClients: expect.any(Number) });
    expect(figures.body.connectedClients as number).toBeGreaterThanOrEqual(1);
    expect(figures.body.messagesPerDay as unknown[]).toHaveLength(30);
    socket.close();
  });

  it("gives non-admins 403 from every admin endpoint", async () => {
    const invite = (await api(server, adminCookie, "POST", "/api/admin/invites", { expiresInHours: 1, maxUses: 1 })).body.invite as { id: string; secret: string };
    const name = uniqueName("plain");
    await fetch(`${server.url}/api/accounts`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username: name, password: PASSWORD, invite: invite.secret }),
    });
    const { jar } = await signIn(server, name);
    const cookie = jar.header();
    const calls: [string, string, unknown?][] = [
      ["GET", "/api/admin/invites"],
      ["POST", "/api/admin/invites", { expiresInHours: 1, maxUses: 1 }],
      ["DELETE", `/api/admin/invites/${invite.id}`],
      ["GET", "/api/admin/accounts"],
      ["PATCH", `/api/admin/accounts/${name}`, { suspended: true }],
      ["GET", "/api/admin/figures"],
      ["GET", "/api/admin/audit"],
    ];
    for (const [method, url, body] of calls) {
      expect((await api(server, cookie, method, url, body)).status, `${method} ${url}`).toBe(403);
    }
  });

  it("does the same from a terminal: npm run admin", async () => {
    const env = { ...process.env, ...server.env, NEXT_DIST_DIR: process.env.NEXT_DIST_DIR ?? ".next" };
    const run = (...args: string[]) => spawnSync(process.execPath, ["--import", "tsx", "scripts/admin.ts", ...args], { cwd: root, env, encoding: "utf8" });
    const invite = run("invite", "--hours", "2", "--uses", "3");
    expect(invite.status).toBe(0);
    expect(invite.stdout).toMatch(/Link: \/signup\?invite=/);
    const accounts = run("accounts");
    expect(accounts.status).toBe(0);
    expect(accounts.stdout).toContain("admin");
    const audit = await api(server, adminCookie, "GET", "/api/admin/audit");
    expect((audit.body.entries as { actor: string; action: string }[])[0]).toMatchObject({ actor: "terminal", via: "terminal", action: "invite.create" });

    // A suspension from the terminal reaches the running server's sockets within seconds.
    const secret = /invite=([^\s]+)/.exec(invite.stdout)![1]!;
    const name = uniqueName("cli");
    const created = await fetch(`${server.url}/api/accounts`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username: name, password: PASSWORD, invite: decodeURIComponent(secret) }),
    });
    expect(created.status).toBe(201);
    const { socket } = await connect(server, (await signIn(server, name)).jar.header());
    const ended = new Promise((resolve) => socket.once("session:ended", resolve));
    expect(run("suspend", name).status).toBe(0);
    expect(await ended).toEqual({ reason: "revoked" });
  });
});

describe("closed sign-ups", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer({ env: { SIGNUPS: "closed" } });
  });
  afterAll(async () => {
    expect(await server.stop()).toBe(0);
    await removeDataDir(server.dataDir);
  });

  it("still lets the very first account in, then refuses with a clear message", async () => {
    expect((await signUp(server, uniqueName("first"))).status).toBe(201);
    const refused = await signUp(server, uniqueName("second"));
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ error: { code: "forbidden", message: "Sign-ups are closed on this server." } });
  });
});
