// Input an attacker controls, over real HTTP and sockets (issue 14): stray cookies, LIKE
// wildcards, broken percent-encoding, endless bodies, commands without answers, forged proxy
// headers, invisible and spoofing names, and requests made to flood the log. Each case is
// answered with a clear status or error code, and the server keeps serving.
import http from "node:http";
import { io } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  connect,
  newUser,
  refusedHandshake,
  removeDataDir,
  signUp,
  startServer,
  type TestServer,
  type TestSocket,
  uniqueName,
} from "./harness";

let server: TestServer;
/** The first account of the instance: its administrator. */
let admin: Awaited<ReturnType<typeof newUser>>;

beforeAll(async () => {
  server = await startServer();
  admin = await newUser(server, "admin");
});
afterAll(async () => {
  expect(await server.stop()).toBe(0);
  await removeDataDir(server.dataDir);
});

/** Any emit, with any arguments, and the ack it gets (or "no ack" after 3 s). */
async function emitRaw(socket: TestSocket, event: string, ...args: unknown[]): Promise<unknown> {
  const timed = socket.timeout(3_000) as unknown as { emitWithAck(event: string, ...args: unknown[]): Promise<unknown> };
  try {
    return await timed.emitWithAck(event, ...args);
  } catch {
    return "no ack";
  }
}

/** Whether a socket handshake with these headers is accepted. */
function handshake(target: TestServer, extraHeaders: Record<string, string>): Promise<string> {
  return new Promise<string>((resolve) => {
    const socket = io(target.url, { transports: ["websocket"], extraHeaders, reconnection: false, forceNew: true });
    const settle = (outcome: string) => {
      socket.close();
      resolve(outcome);
    };
    socket.once("session:ready", () => settle("accepted"));
    socket.once("connect_error", () => settle("refused"));
    setTimeout(() => settle("no answer"), 5_000);
  });
}

/** The log lines (parsed) written since `mark`. */
function logsSince(mark: number): Record<string, unknown>[] {
  return server.logs.slice(mark).flatMap((line) => {
    try {
      return [JSON.parse(line) as Record<string, unknown>];
    } catch {
      return [];
    }
  });
}

describe("cookies", () => {
  it("opens a socket, and answers REST, beside cookies that cannot be decoded (item 2)", async () => {
    const { cookie, username } = await newUser(server, "cookie");
    const header = `junk=%E0%A4%A; ${cookie}; other=%zz`;
    const { socket, session } = await connect(server, header);
    expect(session.user.username).toBe(username);
    socket.close();
    expect((await fetch(`${server.url}/api/watchers`, { headers: { cookie: header } })).status).toBe(200);
  });

  it("still refuses a session cookie that is itself undecodable", async () => {
    const error = await refusedHandshake(server, "authjs.session-token=%E0%A4%A");
    expect(error?.data?.code).toBe("unauthorized");
  });
});

describe("LIKE patterns (item 6)", () => {
  it("user:suggest takes % and _ literally", async () => {
    const stem = uniqueName("lk").slice(0, 20);
    expect((await signUp(server, `${stem}_a`)).status).toBe(201);
    expect((await signUp(server, `${stem}xa`)).status).toBe(201);
    const { cookie } = await newUser(server, "seeker");
    const { socket } = await connect(server, cookie);
    const names = async (prefix: string) => {
      const response = (await emitRaw(socket, "user:suggest", { prefix })) as { ok: boolean; data: { username: string }[] };
      expect(response.ok).toBe(true);
      return response.data.map((suggestion) => suggestion.username);
    };
    expect(await names(`${stem}_`)).toEqual([`${stem}_a`]);
    expect(await names(`${stem}`)).toEqual([`${stem}_a`, `${stem}xa`]);
    expect(await names("%")).toEqual([]);
    expect(await names("_")).toEqual([]);
    expect(await names("\\")).toEqual([]);
    socket.close();
  });

  it("the admin account search takes % and _ literally", async () => {
    const search = async (q: string) => {
      const response = await fetch(`${server.url}/api/admin/accounts?q=${encodeURIComponent(q)}`, { headers: { cookie: admin.cookie } });
      expect(response.status).toBe(200);
      return ((await response.json()) as { accounts: { username: string }[] }).accounts.map((account) => account.username);
    };
    expect(await search("%")).toEqual([]);
    expect(await search("_")).toEqual(expect.arrayContaining([admin.username]));
    expect(await search("a_m")).toEqual([]);
  });
});

describe("malformed percent-encoding in a path (item 7)", () => {
  const cases: [string, string][] = [
    ["GET", "/api/presence/%E0%A4%A"],
    ["GET", "/api/presence/%"],
    ["PATCH", "/api/admin/accounts/%E0%A4%A"],
    ["DELETE", "/api/admin/invites/%E0%A4%A"],
    ["DELETE", "/api/account/sessions/%E0%A4%A"],
    ["GET", "/api/auth/%E0%A4%A"],
    ["GET", "/messages/%E0%A4%A"],
    ["GET", "/%E0%A4%A"],
  ];

  it.each(cases)("%s %s is a 400 or 404, signed in or not", async (method, path) => {
    for (const cookie of [admin.cookie, ""]) {
      const response = await fetch(`${server.url}${path}`, { method, headers: { cookie, origin: server.url }, redirect: "manual" });
      expect([400, 404], `${method} ${path} ${cookie ? "signed in" : "anonymous"}`).toContain(response.status);
    }
  });
});

describe("U+0000 in a name, an id or a search (PostgreSQL cannot even compare it)", () => {
  it("is a clear error on every path that looks something up, and nothing is logged as an error", async () => {
    const mark = server.logs.length;
    for (const [method, path] of [
      ["GET", "/api/presence/a%00b"],
      ["PATCH", "/api/admin/accounts/%00"],
      ["GET", "/api/admin/accounts?q=%00"],
    ]) {
      const response = await fetch(`${server.url}${path}`, {
        method,
        headers: { cookie: admin.cookie, origin: server.url, "content-type": "application/json" },
        body: method === "PATCH" ? JSON.stringify({ suspended: true }) : undefined,
      });
      expect([400, 404, 422], `${method} ${path}`).toContain(response.status);
    }
    const { socket } = await connect(server, admin.cookie);
    for (const [event, payload] of [
      ["presence:fetch", { username: "a\u0000b" }],
      ["subscription:request", { username: "\u0000" }],
      ["user:suggest", { prefix: "a\u0000" }],
      ["im:search", { query: "a\u0000" }],
      ["im:history", { peer: "\u0000" }],
      ["contact:set-groups", { username: "bob", groupIds: ["\u0000"] }],
    ] as const) {
      const answer = (await emitRaw(socket, event, payload)) as { ok: boolean; error?: { code: string } };
      expect(answer, event).toMatchObject({ ok: false, error: { code: "invalid_payload" } });
    }
    socket.close();
    const response = await fetch(`${server.url}/api/auth/callback/credentials`, {
      method: "POST",
      headers: { origin: server.url, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ username: "a\u0000", password: "whatever" }),
      redirect: "manual",
    });
    expect(response.status).toBeLessThan(500);
    expect(logsSince(mark).filter((line) => Number(line.level) >= 50)).toEqual([]);
  });
});

/** Sends a chunked body `chunkBytes` at a time until the server answers or `maxBytes` went out. */
function streamBody(method: string, path: string, cookie: string, maxBytes: number, chunkBytes = 64 * 1024) {
  return new Promise<{ status: number; sentBeforeAnswer: number; finishedSending: boolean }>((resolve, reject) => {
    let sent = 0;
    let finished = false;
    const request = http.request(`${server.url}${path}`, {
      method,
      headers: { cookie, origin: server.url, "content-type": "application/json", "transfer-encoding": "chunked" },
    });
    request.on("response", (response) => {
      response.resume();
      resolve({ status: response.statusCode ?? 0, sentBeforeAnswer: sent, finishedSending: finished });
      request.destroy();
    });
    request.on("error", (error) => {
      if (!request.destroyed || sent === 0) reject(error);
    });
    const chunk = Buffer.alloc(chunkBytes, "x");
    const pump = () => {
      while (!request.destroyed && sent < maxBytes) {
        sent += chunk.length;
        if (!request.write(chunk)) return void request.once("drain", () => setTimeout(pump, 5));
      }
      if (!request.destroyed && sent >= maxBytes) {
        finished = true;
        request.end();
      }
    };
    request.write("{");
    pump();
  });
}

describe("request bodies (item 8)", () => {
  it.each([
    ["DELETE", "/api/account"],
    ["POST", "/api/account/password"],
    ["POST", "/api/accounts"],
    ["POST", "/api/admin/invites"],
    ["PATCH", "/api/admin/accounts/nobody"],
    ["POST", "/api/auth/callback/credentials"],
  ])("a chunked 1 MB body to %s %s is a 413", async (method, path) => {
    const result = await streamBody(method, path, admin.cookie, 1024 * 1024, 16 * 1024);
    expect(result.status).toBe(413);
  });

  it("to a page, must say its length: chunked is a 411, answered at once", async () => {
    const result = await streamBody("POST", "/login", "", 64 * 1024 * 1024);
    expect(result.status).toBe(411);
    expect(result.finishedSending).toBe(false);
  });

  it("is refused while it is still streaming, not after the whole body arrived", async () => {
    const { cookie } = await newUser(server, "stream");
    const result = await streamBody("DELETE", "/api/account", cookie, 64 * 1024 * 1024);
    expect(result.status).toBe(413);
    expect(result.finishedSending).toBe(false);
    expect(result.sentBeforeAnswer).toBeLessThan(8 * 1024 * 1024);
    expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
  });
});

describe("acknowledgements (item 9)", () => {
  it("answers a command sent without a payload, and one with too many arguments", async () => {
    const { cookie } = await newUser(server, "acks");
    const { socket } = await connect(server, cookie);
    expect(await emitRaw(socket, "privacy:get")).toMatchObject({ ok: true });
    expect(await emitRaw(socket, "presence:fetch")).toMatchObject({ ok: false, error: { code: "invalid_payload" } });
    expect(await emitRaw(socket, "privacy:get", {}, "extra")).toMatchObject({ ok: false, error: { code: "invalid_payload" } });
    socket.close();
  });

  it("answers an unknown event with unknown_event, with or without a payload", async () => {
    const { cookie } = await newUser(server, "acks");
    const { socket } = await connect(server, cookie);
    expect(await emitRaw(socket, "no:such-event", {})).toMatchObject({ ok: false, error: { code: "unknown_event" } });
    expect(await emitRaw(socket, "no:such-event")).toMatchObject({ ok: false, error: { code: "unknown_event" } });
    expect(await emitRaw(socket, "__proto__", {})).toMatchObject({ ok: false, error: { code: "unknown_event" } });
    expect(await emitRaw(socket, "toString")).toMatchObject({ ok: false, error: { code: "unknown_event" } });
    // Still connected and served.
    expect(await emitRaw(socket, "im:get-settings", {})).toMatchObject({ ok: true });
    socket.close();
  });
});

describe("proxy headers and security headers (item 10)", () => {
  it("ignores X-Forwarded-Proto without TRUST_PROXY", async () => {
    const response = await fetch(`${server.url}/login`, { headers: { "x-forwarded-proto": "https" } });
    expect(response.headers.get("strict-transport-security")).toBeNull();
    expect(response.headers.get("content-security-policy")).not.toContain("upgrade-insecure-requests");
  });

  it("ignores X-Forwarded-Host without TRUST_PROXY", async () => {
    const response = await fetch(`${server.url}/api/auth/providers`, {
      headers: { "x-forwarded-host": "evil.example", "x-forwarded-proto": "https" },
    });
    const text = await response.text();
    expect(text).not.toContain("evil.example");
    expect(text).toContain('"signinUrl":"http://');
    const { cookie } = await newUser(server, "fwd");
    const outcome = await handshake(server, { cookie, origin: "https://evil.example", "x-forwarded-host": "evil.example" });
    expect(outcome).toBe("refused");
  });

  it.each([
    ["a router prefetch", { "next-router-prefetch": "1" }],
    ["a browser prefetch", { purpose: "prefetch" }],
    ["a plain request", {}],
  ])("gives %s of a page the security headers", async (_label, headers) => {
    for (const path of ["/login", "/signup", "/developers", "/no-such-page"]) {
      const response = await fetch(`${server.url}${path}`, { headers, redirect: "manual" });
      expect(response.headers.get("content-security-policy"), path).toContain("frame-ancestors 'none'");
      expect(response.headers.get("x-content-type-options"), path).toBe("nosniff");
      expect(response.headers.get("x-frame-options"), path).toBe("DENY");
    }
  });

  it("gives API answers the static security headers too", async () => {
    const response = await fetch(`${server.url}/api/health`);
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("x-frame-options")).toBe("DENY");
  });
});

describe("behind a trusted proxy (TRUST_PROXY=true)", () => {
  let proxied: TestServer;
  beforeAll(async () => {
    proxied = await startServer({ env: { TRUST_PROXY: "true" } });
  });
  afterAll(async () => {
    expect(await proxied.stop()).toBe(0);
    await removeDataDir(proxied.dataDir);
  });

  it("honours X-Forwarded-Proto", async () => {
    const page = await fetch(`${proxied.url}/login`, { headers: { "x-forwarded-proto": "https" } });
    expect(page.headers.get("strict-transport-security")).toMatch(/^max-age=/);
    const providers = await fetch(`${proxied.url}/api/auth/providers`, { headers: { "x-forwarded-proto": "https" } });
    expect(await providers.text()).toContain('"signinUrl":"https://');
  });

  it("accepts a socket from the host the proxy names", async () => {
    const { cookie } = await newUser(proxied, "fwd");
    const outcome = await handshake(proxied, { cookie, origin: "https://chat.example.org", "x-forwarded-host": "chat.example.org" });
    expect(outcome).toBe("accepted");
  });
});

describe("names people see (item 11)", () => {
  it("refuses invisible, spoofing and control characters in display names, and normalises them", async () => {
    const { cookie } = await newUser(server, "names");
    const { socket } = await connect(server, cookie);
    const setName = (displayName: string) => emitRaw(socket, "profile:set-display-name", { displayName });
    for (const bad of ["\u202Eevil", "\u200B", " \u200B\u200D\uFEFF ", "a\u0000b", "\u2066x\u2069", "\u3164", "a\u2028b", "\u2800"]) {
      expect(await setName(bad), JSON.stringify(bad)).toMatchObject({ ok: false, error: { code: "invalid_payload" } });
    }
    expect(await setName("  Zoe\u0308  ")).toMatchObject({ ok: true, data: { displayName: "Zo\u00EB" } });
    expect(await setName("شادی")).toMatchObject({ ok: true, data: { displayName: "شادی" } });
    expect(await setName("👩‍💻 Ada")).toMatchObject({ ok: true, data: { displayName: "👩‍💻 Ada" } });
    socket.close();
  });

  it("applies the same rule to token names, group names and tuple labels", async () => {
    const { cookie } = await newUser(server, "names");
    const { socket } = await connect(server, cookie);
    const refused = { ok: false, error: { code: "invalid_payload" } };
    expect(await emitRaw(socket, "token:create", { name: "bot\u0000" })).toMatchObject(refused);
    expect(await emitRaw(socket, "token:create", { name: "\u200B" })).toMatchObject(refused);
    expect(await emitRaw(socket, "group:create", { name: "\u202Eskrow" })).toMatchObject(refused);
    expect(await emitRaw(socket, "group:create", { name: "\u2060" })).toMatchObject(refused);
    const tuple = { means: "tel", address: "+1 555 0100", status: "open" };
    expect(await emitRaw(socket, "presence:set-tuples", { tuples: [{ ...tuple, label: "\u202Eliam" }] })).toMatchObject(refused);
    expect(await emitRaw(socket, "presence:set-tuples", { tuples: [{ ...tuple, label: "Work" }] })).toMatchObject({ ok: true });
    socket.close();
  });
});

describe("log flooding (item 12)", () => {
  it("logs garbage cookies and unknown Auth.js actions once per client per minute, at warn, without a stack", async () => {
    const mark = server.logs.length;
    for (let index = 0; index < 20; index += 1) {
      await fetch(`${server.url}/api/watchers`, { headers: { cookie: `authjs.session-token=garbage${index}` } });
      await fetch(`${server.url}/api/auth/session`, { headers: { cookie: `authjs.session-token=garbage${index}` } });
      await fetch(`${server.url}/api/auth/no-such-action-${index}`);
    }
    // The log is written asynchronously: give it a moment.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const lines = logsSince(mark).filter((line) => line.msg !== "request");
    expect(lines.filter((line) => Number(line.level) >= 50)).toEqual([]);
    expect(lines.filter((line) => JSON.stringify(line).includes("stack"))).toEqual([]);
    const warnings = lines.filter((line) => line.level === 40);
    expect(warnings.length).toBeGreaterThanOrEqual(1);
    expect(warnings.length).toBeLessThanOrEqual(2);
  });
});
