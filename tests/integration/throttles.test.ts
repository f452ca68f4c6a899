// Throttles that slow attackers down without locking people out: password guessing (sign-in
// and the current-password checks), sign-ups per address, and per-class command limits per
// account and per address. The server trusts X-Forwarded-For here, so each test can play
// clients at different addresses.
import { io } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PresenceView } from "@/lib/protocol";
import {
  ask,
  CookieJar,
  PASSWORD,
  removeDataDir,
  startServer,
  type TestServer,
  type TestSocket,
  uniqueName,
} from "./harness";

let server: TestServer;

const LIMITS = {
  SIGNUPS_PER_ADDRESS_PER_HOUR: 3,
  PRESENCE_COMMANDS_PER_MINUTE: 10,
  SUBSCRIPTION_COMMANDS_PER_MINUTE: 6,
  ADDRESS_LIMIT_FACTOR: 2,
};

beforeAll(async () => {
  server = await startServer({
    env: {
      TRUST_PROXY: "true",
      PRESENCE_GRACE_MS: "200",
      ...Object.fromEntries(Object.entries(LIMITS).map(([name, value]) => [name, String(value)])),
    },
  });
});
afterAll(async () => {
  expect(await server.stop()).toBe(0);
  await removeDataDir(server.dataDir);
});

/** A fresh benchmarking-range address (RFC 2544), so tests never share one by accident. */
let addresses = 0;
const freshAddress = () => {
  addresses += 1;
  return `198.18.${addresses >> 8}.${addresses & 255}`;
};

async function signUpFrom(address: string, username = uniqueName("t"), password = PASSWORD) {
  const response = await fetch(`${server.url}/api/accounts`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-forwarded-for": address },
    body: JSON.stringify({ username, password }),
  });
  return { username, status: response.status, retryAfter: response.headers.get("retry-after"), body: (await response.json()) as { error?: { code: string; retryAfter?: number } } };
}

/** Signs in through Auth.js from an address; `code` is the refusal's code, if any. */
async function signInFrom(address: string, username: string, password = PASSWORD) {
  const jar = new CookieJar();
  const headers = { "x-forwarded-for": address };
  const csrfResponse = await fetch(`${server.url}/api/auth/csrf`, { headers });
  jar.store(csrfResponse);
  const { csrfToken } = (await csrfResponse.json()) as { csrfToken: string };
  const response = await fetch(`${server.url}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { ...headers, "content-type": "application/x-www-form-urlencoded", cookie: jar.header() },
    body: new URLSearchParams({ username, password, csrfToken, callbackUrl: server.url }),
  });
  jar.store(response);
  const location = response.headers.get("location") ?? "";
  const code = location.includes("error=") ? new URL(location, server.url).searchParams.get("code") : null;
  return { signedIn: Boolean(jar.get("authjs.session-token")), code, cookie: jar.header() };
}

/** An account that signed up and in from `address` (which becomes an address it is known at). */
async function accountAt(address: string) {
  const created = await signUpFrom(address);
  expect(created.status).toBe(201);
  const session = await signInFrom(address, created.username);
  expect(session.signedIn).toBe(true);
  return { username: created.username, cookie: session.cookie, address };
}

async function socketFrom(account: { cookie: string; address: string }): Promise<TestSocket> {
  const socket: TestSocket = io(server.url, {
    transports: ["websocket"],
    extraHeaders: { cookie: account.cookie, "x-forwarded-for": account.address },
    reconnection: false,
    forceNew: true,
  });
  await new Promise((resolve, reject) => {
    socket.once("im:snapshot", resolve);
    socket.once("connect_error", reject);
  });
  return socket;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const waitAfterCode = (code: string | null) => Number(/^retry_after_(\d+)$/.exec(code ?? "")?.[1] ?? Number.NaN);

describe("password guessing slows attackers down but never locks the owner out", () => {
  it("wrong passwords from one address block that address, not the owner at an address they signed in from before", async () => {
    const owner = await accountAt(freshAddress());
    const attacker = freshAddress();
    for (let attempt = 0; attempt < 6; attempt += 1) await signInFrom(attacker, owner.username, "wrong password 123");
    const blocked = await signInFrom(attacker, owner.username);
    expect(blocked.signedIn).toBe(false);
    expect(blocked.code).toMatch(/^retry_after_\d+$/);
    // The owner, at home, signs in at once.
    expect((await signInFrom(owner.address, owner.username)).signedIn).toBe(true);
  });

  it("an attack on a name from many addresses delays the name for a minute at most, and the known address not at all", async () => {
    const owner = await accountAt(freshAddress());
    // Guesses from ever new addresses, waiting out each delay like a patient attacker, until a
    // sixth was counted (refused guesses are not): the probe below comes within the new delay.
    let counted = 0;
    for (let attempt = 0; attempt < 20 && counted < 6; attempt += 1) {
      const refused = await signInFrom(freshAddress(), owner.username, "wrong password 123");
      expect(refused.signedIn).toBe(false);
      if (refused.code === "invalid_credentials") counted += 1;
      else await sleep(waitAfterCode(refused.code) * 1000);
    }
    expect(counted).toBe(6);
    const elsewhere = await signInFrom(freshAddress(), owner.username);
    expect(elsewhere.signedIn).toBe(false);
    const wait = waitAfterCode(elsewhere.code);
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(60);
    expect((await signInFrom(owner.address, owner.username)).signedIn).toBe(true);
  });

  it("takes the address the proxy appended: a client cannot pick its own by writing X-Forwarded-For", async () => {
    // Behind nginx ($proxy_add_x_forwarded_for) the client's own header comes first, the real
    // address last. An address guessing many names is blocked, whatever it writes first.
    const attacker = freshAddress();
    for (let name = 0; name < 30; name += 1) await signInFrom(`${freshAddress()}, ${attacker}`, uniqueName("nobody"), "wrong password 123");
    const blocked = await signInFrom(`${freshAddress()}, ${attacker}`, uniqueName("nobody"), "wrong password 123");
    expect(blocked.code).toMatch(/^retry_after_\d+$/);

    // Writing one of the owner's addresses first does not skip the name's delay.
    const owner = await accountAt(freshAddress());
    const known = [owner.address];
    for (let session = 0; session < 5; session += 1) {
      const address = freshAddress();
      expect((await signInFrom(address, owner.username)).signedIn).toBe(true);
      known.push(address);
    }
    let counted = 0;
    let guesses = 0;
    for (; guesses < 20 && counted < 6; guesses += 1) {
      const guess = await signInFrom(`${known[guesses % known.length]}, ${freshAddress()}`, owner.username, "wrong password 123");
      if (guess.code === "invalid_credentials") counted += 1;
      else await sleep(waitAfterCode(guess.code) * 1000);
    }
    expect(counted).toBe(6);
    const posing = await signInFrom(`${known[guesses % known.length]}, ${freshAddress()}`, owner.username, "wrong password 123");
    expect(posing.code).toMatch(/^retry_after_\d+$/);
  });

  it("answers the same for a name that exists and one that does not, while both are slowed", async () => {
    const owner = await accountAt(freshAddress());
    const ghost = uniqueName("ghost");
    // Five failures each, side by side: from the fifth on, each name waits a couple of seconds.
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const [real, missing] = await Promise.all([
        signInFrom(freshAddress(), owner.username, "wrong password 123"),
        signInFrom(freshAddress(), ghost, "wrong password 123"),
      ]);
      expect(real.code).toBe("invalid_credentials");
      expect(missing.code).toBe("invalid_credentials");
    }
    const probe = freshAddress();
    const [real, missing] = await Promise.all([signInFrom(probe, owner.username, "wrong password 123"), signInFrom(probe, ghost, "wrong password 123")]);
    expect(real.code).toMatch(/^retry_after_\d+$/);
    expect(missing.code).toMatch(/^retry_after_\d+$/);
    expect(Math.abs(waitAfterCode(real.code) - waitAfterCode(missing.code))).toBeLessThanOrEqual(1);
  });

  it("throttles current-password checks the same way: changing the password and deleting the account", async () => {
    const owner = await accountAt(freshAddress());
    const api = (method: string, path: string, body: unknown) =>
      fetch(`${server.url}${path}`, {
        method,
        headers: { cookie: owner.cookie, "content-type": "application/json", "x-forwarded-for": owner.address },
        body: JSON.stringify(body),
      });
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const wrong = await api("POST", "/api/account/password", { currentPassword: "not it at all", newPassword: "a brand new password 7" });
      expect(wrong.status).toBe(403);
    }
    // Now even the right password waits: it is a guess like any other.
    const throttled = await api("POST", "/api/account/password", { currentPassword: PASSWORD, newPassword: "a brand new password 7" });
    expect(throttled.status).toBe(429);
    expect(Number(throttled.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(((await throttled.json()) as { error: { code: string; retryAfter: number } }).error).toMatchObject({
      code: "rate_limited",
      retryAfter: expect.any(Number),
    });
    const deletion = await api("DELETE", "/api/account", { password: PASSWORD });
    expect(deletion.status).toBe(429);
  });
});

describe("sign-ups", () => {
  it("limits accounts created from one address, with Retry-After, and leaves other addresses alone", async () => {
    const address = freshAddress();
    for (let made = 0; made < LIMITS.SIGNUPS_PER_ADDRESS_PER_HOUR; made += 1) expect((await signUpFrom(address)).status).toBe(201);
    const refused = await signUpFrom(address);
    expect(refused.status).toBe(429);
    expect(refused.body.error).toMatchObject({ code: "rate_limited" });
    expect(Number(refused.retryAfter)).toBeGreaterThan(0);
    expect((await signUpFrom(freshAddress())).status).toBe(201);
  });
});

describe("command limits per class", () => {
  it("a burst of status changes is cut at the account's limit, with retryAfter, and watchers hear only what was accepted", async () => {
    const alice = await accountAt(freshAddress());
    const bob = await accountAt(freshAddress());
    const aliceSocket = await socketFrom(alice);
    const bobSocket = await socketFrom(bob);
    await ask(bobSocket, "subscription:request", { username: alice.username });
    await ask(aliceSocket, "subscription:respond", { username: bob.username, approve: true });
    const heard: PresenceView[] = [];
    bobSocket.on("presence:changed", (view) => view.username === alice.username && heard.push(view));

    const acks = await Promise.all(
      Array.from({ length: 40 }, (_, index) => ask(aliceSocket, "presence:set-status", { availability: "busy", note: `step ${index}` })),
    );
    const accepted = acks.filter((ack) => ack.ok);
    const refused = acks.filter((ack) => !ack.ok);
    expect(accepted.length).toBeLessThanOrEqual(LIMITS.PRESENCE_COMMANDS_PER_MINUTE);
    expect(refused.length).toBeGreaterThanOrEqual(40 - LIMITS.PRESENCE_COMMANDS_PER_MINUTE);
    for (const ack of refused) {
      expect(ack).toMatchObject({ ok: false, error: { code: "rate_limited", retryAfter: expect.any(Number) } });
      const { retryAfter } = (ack as { error: { retryAfter: number } }).error;
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(60);
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(heard.length).toBeLessThanOrEqual(LIMITS.PRESENCE_COMMANDS_PER_MINUTE);
    // Other classes have their own allowance.
    expect(await ask(aliceSocket, "presence:fetch", { username: bob.username })).toMatchObject({ ok: true });
    aliceSocket.close();
    bobSocket.close();
  });

  it("counts the accounts of one address together", async () => {
    const shared = freshAddress();
    const perAddress = LIMITS.PRESENCE_COMMANDS_PER_MINUTE * LIMITS.ADDRESS_LIMIT_FACTOR;
    // Signed up elsewhere (sign-ups are limited per address too), all connected from one address.
    const accounts = await Promise.all([freshAddress(), freshAddress(), freshAddress()].map(accountAt));
    const sockets = await Promise.all(accounts.map((account) => socketFrom({ ...account, address: shared })));
    let accepted = 0;
    for (const socket of sockets.slice(0, 2)) {
      for (let step = 0; step < LIMITS.PRESENCE_COMMANDS_PER_MINUTE; step += 1) {
        if ((await ask(socket, "presence:set-status", { availability: "away" })).ok) accepted += 1;
      }
    }
    expect(accepted).toBe(perAddress);
    expect(await ask(sockets[2]!, "presence:set-status", { availability: "away" })).toMatchObject({
      ok: false,
      error: { code: "rate_limited" },
    });
    // The same account from another address is not held back by this one's neighbours.
    const elsewhere = await socketFrom({ ...accounts[2]!, address: freshAddress() });
    expect(await ask(elsewhere, "presence:set-status", { availability: "away" })).toMatchObject({ ok: true });
    for (const socket of [...sockets, elsewhere]) socket.close();
  });

  it("subscribe/remove churn stops at the limit, so the target is not flooded with snapshots", async () => {
    const target = await accountAt(freshAddress());
    const churner = await accountAt(freshAddress());
    const targetSocket = await socketFrom(target);
    const churnSocket = await socketFrom(churner);
    let snapshots = 0;
    targetSocket.on("buddylist:snapshot", () => (snapshots += 1));
    let refused = 0;
    for (let cycle = 0; cycle < 50; cycle += 1) {
      const requested = await ask(churnSocket, "subscription:request", { username: target.username });
      const removed = await ask(churnSocket, "subscription:remove", { username: target.username });
      refused += [requested, removed].filter((ack) => !ack.ok && ack.error.code === "rate_limited").length;
    }
    expect(refused).toBeGreaterThanOrEqual(100 - LIMITS.SUBSCRIPTION_COMMANDS_PER_MINUTE);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(snapshots).toBeLessThanOrEqual(LIMITS.SUBSCRIPTION_COMMANDS_PER_MINUTE);
    targetSocket.close();
    churnSocket.close();
  });
});
