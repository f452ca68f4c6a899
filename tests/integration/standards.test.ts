// The IETF formats: every PIDF and watcherinfo document the server produces validates
// against the official schemas, for every access action and for hidden watchers.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ask, connect, newUser, removeDataDir, startServer, type TestServer, type TestSocket } from "./harness";
import { assertXmllint, validate } from "./xml";

let server: TestServer;

beforeAll(async () => {
  assertXmllint();
  server = await startServer({ env: { PRESENCE_GRACE_MS: "200" } });
});
afterAll(async () => {
  expect(await server.stop()).toBe(0);
  await removeDataDir(server.dataDir);
});

type Person = { username: string; cookie: string; socket: TestSocket };
async function person(prefix: string): Promise<Person> {
  const { username, cookie } = await newUser(server, prefix);
  const { socket } = await connect(server, cookie);
  return { username, cookie, socket };
}

async function get(path: string, who: Person, accept?: string, extra: Record<string, string> = {}) {
  const response = await fetch(`${server.url}${path}`, {
    headers: { cookie: who.cookie, ...(accept === undefined ? {} : { accept }), ...extra },
  });
  return { status: response.status, type: response.headers.get("content-type"), etag: response.headers.get("etag"), body: await response.text() };
}

async function ruleFor(owner: Person, username: string, action: string) {
  const response = await ask(owner.socket, "privacy:set-rules", {
    rules: [{ subject: { type: "user", username }, action }, { subject: { type: "signed-in" }, action: "confirm" }],
  });
  expect(response.ok).toBe(true);
}

function expectValidPidf(xml: string) {
  expect(validate(xml, "pidf.xsd")).toMatchObject({ code: 0 });
  const full = validate(xml, "presence-all.xsd");
  expect(full.messages).toBe(full.code === 0 ? full.messages : "");
  expect(full.code).toBe(0);
}

describe("PIDF", () => {
  it("carries tuples, contacts, notes, timestamps and RPID availability and idleness for an allowed watcher", async () => {
    const alice = await person("alice");
    const bob = await person("bob");
    await ask(alice.socket, "presence:set-status", {
      availability: "busy",
      note: "In a meeting <until 3 & then lunch>",
      expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
    });
    await ask(alice.socket, "presence:set-tuples", {
      tuples: [
        { means: "tel", address: "+1 555 0100", label: "Mobile", status: "open" },
        { means: "mailto", address: "alice@example.org", status: "closed" },
        { means: "text", address: "Desk 4, second floor", status: "open" },
      ],
    });
    await ask(alice.socket, "presence:set-idle", { idle: true });
    await ruleFor(alice, bob.username, "allow");
    const response = await get(`/api/presence/${alice.username}`, bob, "application/pidf+xml");
    expect(response.status).toBe(200);
    expect(response.type).toContain("application/pidf+xml");
    expectValidPidf(response.body);
    expect(response.body).toContain(`entity="pres:${alice.username}@127.0.0.1"`);
    expect(response.body).toContain(`<contact>im:${alice.username}</contact>`);
    expect(response.body).toContain("<contact>tel:+15550100</contact>");
    expect(response.body).toContain("<rpid:busy/>");
    expect(response.body).toContain("<rpid:user-input>idle</rpid:user-input>");
    expect(response.body).toContain("In a meeting &lt;until 3 &amp; then lunch&gt;");
    alice.socket.close();
    bob.socket.close();
  });

  it("is valid and shows only what each action allows", async () => {
    const alice = await person("alice");
    const bob = await person("bob");
    await ask(alice.socket, "presence:set-status", { availability: "away", note: "secret" });
    for (const action of ["limited", "polite-block", "confirm"]) {
      await ruleFor(alice, bob.username, action);
      const response = await get(`/api/presence/${alice.username}`, bob, "application/pidf+xml");
      expect(response.status).toBe(200);
      expectValidPidf(response.body);
      expect(response.body).not.toContain("secret");
      // Limited views carry no address; polite-block looks like the view Bob had, gone
      // offline — here the limited one, so still no address.
      const contacts = response.body.match(/<contact>[^<]*<\/contact>/g) ?? [];
      expect(contacts).toEqual([]);
      expect(response.body.match(/<tuple /g)).toHaveLength(1);
      expect(response.body).toContain(action === "polite-block" ? "<basic>closed</basic>" : "<basic>open</basic>");
    }
    // Offline with last seen: the inbox tuple is closed and timestamped.
    await ruleFor(alice, bob.username, "allow");
    alice.socket.close();
    await new Promise((resolve) => setTimeout(resolve, 500));
    const offline = await get(`/api/presence/${alice.username}`, bob, "application/pidf+xml");
    expectValidPidf(offline.body);
    expect(offline.body).toMatch(/<tuple id="im">\s*<status><basic>closed<\/basic><\/status>\s*<contact>im:[^<]+<\/contact>\s*<timestamp>/);
    bob.socket.close();
  });

  it("keeps a blocked user indistinguishable from an unknown one, and supports ETag/304", async () => {
    const alice = await person("alice");
    const bob = await person("bob");
    await ruleFor(alice, bob.username, "block");
    const blocked = await get(`/api/presence/${alice.username}`, bob, "application/pidf+xml");
    const unknown = await get(`/api/presence/zz_not_a_user`, bob, "application/pidf+xml");
    expect(blocked).toEqual(unknown);
    expect(blocked.status).toBe(404);
    const carol = await person("carol");
    const first = await get(`/api/presence/${alice.username}`, carol, "application/pidf+xml");
    const json = await get(`/api/presence/${alice.username}`, carol);
    expect(json.type).toContain("application/json");
    expect(first.etag).not.toBe(json.etag);
    const again = await get(`/api/presence/${alice.username}`, carol, "application/pidf+xml", { "if-none-match": first.etag! });
    expect(again.status).toBe(304);
    for (const someone of [alice, bob, carol]) someone.socket.close();
  });

  it("answers a malformed or unsatisfiable Accept header with a clear 406", async () => {
    const alice = await person("alice");
    for (const accept of ["application/pidf+xml;q=2", "text", "image/png", "application/pidf+xml;q=0"]) {
      const response = await get(`/api/presence/${alice.username}`, alice, accept);
      expect(response.status, accept).toBe(406);
      expect(JSON.parse(response.body)).toMatchObject({
        error: { code: "not_acceptable", offered: ["application/json", "application/pidf+xml"] },
      });
    }
    const preferred = await get(`/api/presence/${alice.username}`, alice, "application/json;q=0.5, application/pidf+xml");
    expect(preferred.type).toContain("application/pidf+xml");
    alice.socket.close();
  });
});

describe("watcherinfo", () => {
  it("lists subscribers, fetchers and pollers with RFC 3857 states, honouring visibility", async () => {
    const alice = await person("alice");
    const bob = await person("bob");
    const carol = await person("carol");
    const dave = await person("dave");
    await ask(bob.socket, "subscription:request", { username: alice.username });
    await ask(alice.socket, "subscription:respond", { username: bob.username, approve: true });
    await ask(carol.socket, "presence:fetch", { username: alice.username });
    await ask(dave.socket, "privacy:set-visibility", { username: alice.username, visibility: "hidden" });
    await ask(dave.socket, "presence:fetch", { username: alice.username });
    const response = await get("/api/watchers", alice, "application/watcherinfo+xml");
    expect(response.status).toBe(200);
    expect(validate(response.body, "watcherinfo.xsd")).toMatchObject({ code: 0 });
    expect(response.body).toMatch(new RegExp(`status="active" event="approved"[^>]*>im:${bob.username}<`));
    expect(response.body).toMatch(new RegExp(`status="terminated" event="timeout"[^>]*>im:${carol.username}<`));
    expect(response.body).not.toContain(dave.username);
    const json = JSON.parse((await get("/api/watchers", alice)).body);
    expect(json.hidden).toEqual({ watchers: 1, count: 1 });
    // Dave hides his watching, so his own watcher information withholds names.
    await ask(alice.socket, "presence:fetch", { username: dave.username });
    const daves = await get("/api/watchers", dave, "application/watcherinfo+xml");
    expect(validate(daves.body, "watcherinfo.xsd")).toMatchObject({ code: 0 });
    expect(daves.body).toContain("im:anonymous@anonymous.invalid");
    expect(daves.body).not.toContain(alice.username + "<");
    for (const someone of [alice, bob, carol, dave]) someone.socket.close();
  });

  it("needs a session or a token, and only ever shows the caller's own watchers", async () => {
    const anonymous = await fetch(`${server.url}/api/watchers`);
    expect(anonymous.status).toBe(401);
  });
});
