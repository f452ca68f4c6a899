// The foundation over real HTTP and sockets: accounts, authenticated handshakes, validation
// at the edge, and a server that keeps serving after bad input.
import { encode } from "next-auth/jwt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ask,
  connect,
  newUser,
  nextEvent,
  PASSWORD,
  refusedHandshake,
  removeDataDir,
  signIn,
  signUp,
  startServer,
  type TestServer,
  uniqueName,
} from "./harness";

let server: TestServer;

beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  expect(await server.stop()).toBe(0);
  await removeDataDir(server.dataDir);
});

describe("health", () => {
  it("reports the database as reachable", async () => {
    const response = await fetch(`${server.url}/api/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: "ok", checks: { database: "ok" } });
  });
});

describe("sign-up", () => {
  it("creates an account and refuses the same name in another case", async () => {
    const name = uniqueName("case");
    expect((await signUp(server, name)).status).toBe(201);
    const again = await signUp(server, name.toUpperCase());
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ error: { code: "conflict", message: "This username is taken." } });
  });

  it("explains what is wrong with a username or password", async () => {
    const bad = await signUp(server, "no spaces allowed", "short");
    expect(bad.status).toBe(422);
    const paths = (bad.body.error as { issues: { path: string }[] }).issues.map((issue) => issue.path);
    expect(paths).toEqual(expect.arrayContaining(["username", "password"]));
    const common = await signUp(server, uniqueName("common"), "password123");
    expect(common.status).toBe(422);
    expect(common.body).toMatchObject({ error: { issues: [{ path: "password" }] } });
  });

  it("refuses a body too large to be a sign-up", async () => {
    const response = await fetch(`${server.url}/api/accounts`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username: "x".repeat(100_000), password: PASSWORD }),
    });
    expect(response.status).toBe(413);
  });
});

describe("sign-in", () => {
  it("gives the same answer for a wrong password and an unknown user", async () => {
    const name = uniqueName("signin");
    await signUp(server, name);
    const wrong = await signIn(server, name, "not the password at all");
    const unknown = await signIn(server, uniqueName("ghost"), "not the password at all");
    expect(wrong.signedIn).toBe(false);
    expect(unknown.signedIn).toBe(false);
    expect(new URL(wrong.location).searchParams.get("code")).toBe("invalid_credentials");
    expect(new URL(unknown.location).searchParams.get("code")).toBe("invalid_credentials");
  });

  it("slows down repeated failures for one username with a wait in seconds", async () => {
    const name = uniqueName("throttle");
    await signUp(server, name);
    for (let attempt = 0; attempt < 6; attempt += 1) await signIn(server, name, "wrong password 123");
    // Even the right password is refused while the name is blocked.
    const blocked = await signIn(server, name);
    expect(blocked.signedIn).toBe(false);
    expect(new URL(blocked.location).searchParams.get("code")).toMatch(/^retry_after_\d+$/);
  });
});

describe("socket handshake", () => {
  it("accepts a signed-in session and says who it is", async () => {
    const { username, cookie } = await newUser(server);
    const { socket, session } = await connect(server, cookie);
    expect(session.user.username).toBe(username);
    socket.close();
  });

  it("refuses a socket without a session", async () => {
    const error = await refusedHandshake(server);
    expect(error?.data?.code).toBe("unauthorized");
  });

  it("refuses a forged cookie", async () => {
    const error = await refusedHandshake(server, "authjs.session-token=forged.jwt.value");
    expect(error?.data?.code).toBe("unauthorized");
  });

  it("refuses a well-signed but expired token", async () => {
    const { jar } = await newUser(server);
    const salt = "authjs.session-token";
    const secret = server.env.AUTH_SECRET!;
    const expired = await encode({ salt, secret, token: { sub: "x", sid: "y" }, maxAge: -60 });
    expect(jar.get(salt)).toBeDefined();
    const error = await refusedHandshake(server, `${salt}=${expired}`);
    expect(error?.data?.code).toBe("unauthorized");
  });

  it("refuses a handshake from another site's page, and accepts its own origin", async () => {
    const { cookie } = await newUser(server);
    const { io } = await import("socket.io-client");
    const attempt = (origin: string) =>
      new Promise<string>((resolve) => {
        const socket = io(server.url, { transports: ["websocket"], extraHeaders: { cookie, origin }, reconnection: false, forceNew: true });
        socket.once("session:ready", () => {
          socket.close();
          resolve("accepted");
        });
        socket.once("connect_error", () => {
          socket.close();
          resolve("refused");
        });
      });
    expect(await attempt("https://evil.example")).toBe("refused");
    expect(await attempt(server.url)).toBe("accepted");
  });

  it("ends every tab of a session that signs out, at once", async () => {
    const { cookie, jar } = await newUser(server);
    const { socket } = await connect(server, cookie);
    const ended = new Promise((resolve) => socket.once("session:ended", resolve));
    const dropped = new Promise((resolve) => socket.once("disconnect", resolve));
    const csrf = await fetch(`${server.url}/api/auth/csrf`, { headers: { cookie } });
    const { csrfToken } = (await csrf.json()) as { csrfToken: string };
    jar.store(csrf);
    await fetch(`${server.url}/api/auth/signout`, {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded", cookie: jar.header() },
      body: new URLSearchParams({ csrfToken }),
    });
    expect(await ended).toEqual({ reason: "signed_out" });
    expect(await dropped).toBe("io server disconnect");
  });

  it("refuses the cookie of a session that signed out", async () => {
    const { cookie, jar } = await newUser(server);
    const csrf = await fetch(`${server.url}/api/auth/csrf`, { headers: { cookie } });
    const { csrfToken } = (await csrf.json()) as { csrfToken: string };
    jar.store(csrf);
    const out = await fetch(`${server.url}/api/auth/signout`, {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded", cookie: jar.header() },
      body: new URLSearchParams({ csrfToken }),
    });
    expect(out.status).toBe(302);
    // The old cookie, replayed, no longer opens a socket.
    const error = await refusedHandshake(server, cookie);
    expect(error?.data?.code).toBe("unauthorized");
  });
});

describe("commands", () => {
  it("answers an invalid payload with an error ack and changes nothing", async () => {
    const { cookie } = await newUser(server);
    const { socket, session } = await connect(server, cookie);
    const response = await ask(socket, "profile:set-display-name", { displayName: 42 });
    expect(response).toMatchObject({ ok: false, error: { code: "invalid_payload", issues: [{ path: "displayName" }] } });
    const spoof = await ask(socket, "profile:set-display-name", { displayName: "Mallory", userId: "someone-else" });
    expect(spoof).toMatchObject({ ok: false, error: { code: "invalid_payload" } });
    socket.close();
    // A fresh connection still shows the old name.
    const again = await connect(server, cookie);
    expect(again.session.user.displayName).toBe(session.user.displayName);
    again.socket.close();
  });

  it("applies a valid command as the session's user", async () => {
    const { cookie, username } = await newUser(server);
    const { socket } = await connect(server, cookie);
    const response = await ask(socket, "profile:set-display-name", { displayName: "  Ada L.  " });
    expect(response).toEqual({ ok: true, data: expect.objectContaining({ username, displayName: "Ada L." }) });
    socket.close();
  });

  it("tells every tab of the account of a new display name", async () => {
    const { cookie, username } = await newUser(server);
    const { socket } = await connect(server, cookie);
    const other = await connect(server, cookie);
    const heard = nextEvent(other.socket, "profile:changed");
    expect(await ask(socket, "profile:set-display-name", { displayName: "Ada" })).toMatchObject({ ok: true });
    expect(await heard).toEqual(expect.objectContaining({ username, displayName: "Ada" }));
    socket.close();
    other.socket.close();
  });

  it("drops a socket that sends an oversized payload and keeps serving others", async () => {
    const { cookie } = await newUser(server);
    const bystander = await connect(server, cookie);
    const { socket } = await connect(server, cookie);
    const dropped = new Promise<string>((resolve) => socket.once("disconnect", resolve));
    socket.emit("profile:set-display-name", { displayName: "x".repeat(200_000) }, () => {});
    expect(await dropped).toBe("transport close");
    expect(bystander.socket.connected).toBe(true);
    const response = await ask(bystander.socket, "profile:set-display-name", { displayName: "Still here" });
    expect(response.ok).toBe(true);
    expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
    bystander.socket.close();
  });
});
