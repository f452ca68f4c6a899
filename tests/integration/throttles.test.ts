// Throttles that slow attackers down without locking people out: password guessing (sign-in
// and the current-password checks). The server trusts X-Forwarded-For here, so each test can
// play clients at different addresses.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CookieJar, PASSWORD, removeDataDir, startServer, type TestServer, uniqueName } from "./harness";

let server: TestServer;

beforeAll(async () => {
  server = await startServer({
    env: {
      TRUST_PROXY: "true",
      PRESENCE_GRACE_MS: "200",
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
    for (let attempt = 0; attempt < 12; attempt += 1) {
      const refused = await signInFrom(freshAddress(), owner.username, "wrong password 123");
      expect(refused.signedIn).toBe(false);
    }
    const elsewhere = await signInFrom(freshAddress(), owner.username);
    expect(elsewhere.signedIn).toBe(false);
    const wait = waitAfterCode(elsewhere.code);
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(60);
    expect((await signInFrom(owner.address, owner.username)).signedIn).toBe(true);
  });

  it("answers the same for a name that exists and one that does not, while both are slowed", async () => {
    const owner = await accountAt(freshAddress());
    const ghost = uniqueName("ghost");
    for (let attempt = 0; attempt < 8; attempt += 1) {
      const [real, missing] = await Promise.all([
        signInFrom(freshAddress(), owner.username, "wrong password 123"),
        signInFrom(freshAddress(), ghost, "wrong password 123"),
      ]);
      expect(real.code === "invalid_credentials" || /^retry_after_\d+$/.test(real.code ?? "")).toBe(true);
      expect(missing.code === "invalid_credentials" || /^retry_after_\d+$/.test(missing.code ?? "")).toBe(true);
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
