// Bots: a personal access token opens a socket with the same protocol and rules as a browser.
// The example echo bot (examples/echo-bot.ts) runs as its own process and is chatted with.
import { type ChildProcess, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CreatedAccessToken, PresenceView, TokenScope } from "@/lib/protocol";
import { ask, connect, newUser, removeDataDir, startServer, type TestServer, type TestSocket } from "./harness";

let server: TestServer;
const root = path.resolve(import.meta.dirname, "../..");

beforeAll(async () => {
  server = await startServer({ env: { PRESENCE_GRACE_MS: "200" } });
});
afterAll(async () => {
  expect(await server.stop()).toBe(0);
  await removeDataDir(server.dataDir);
});

async function botToken(scopes: TokenScope[] = ["messages"]) {
  const bot = await newUser(server, "bot");
  const { socket } = await connect(server, bot.cookie);
  const created = await ask(socket, "token:create", { name: "echo bot", scopes });
  socket.close();
  if (!created.ok) throw new Error(JSON.stringify(created.error));
  const { token, id } = created.data as CreatedAccessToken;
  return { username: bot.username, token, id, cookie: bot.cookie };
}

/** A socket opened with a personal access token, once the server said who it is. */
async function tokenSocket(token: string) {
  const { io } = await import("socket.io-client");
  const socket: TestSocket = io(server.url, { auth: { token }, transports: ["websocket"], reconnection: false, forceNew: true });
  await new Promise((resolve, reject) => {
    socket.once("session:ready", resolve);
    socket.once("connect_error", reject);
  });
  return socket;
}

function startBot(token: string): ChildProcess {
  return spawn(process.execPath, ["--import", "tsx", "examples/echo-bot.ts"], {
    cwd: root,
    env: { PATH: process.env.PATH ?? "", BUDDYLIST_URL: server.url, BUDDYLIST_TOKEN: token } as unknown as NodeJS.ProcessEnv,
    stdio: "ignore",
  });
}

describe("bots", () => {
  it("the echo bot answers every message it receives, and shows online as its own device", async () => {
    const bot = await botToken();
    const alice = await newUser(server, "alice");
    const { socket } = await connect(server, alice.cookie);
    await ask(socket, "subscription:request", { username: bot.username });
    const botIs = async (basic: "open" | "closed") => {
      let seen: PresenceView | undefined;
      for (let attempt = 0; attempt < 100 && seen?.status.basic !== basic; attempt += 1) {
        const fetched = await ask(socket, "presence:fetch", { username: bot.username });
        if (fetched.ok) seen = fetched.data;
        if (seen?.status.basic !== basic) await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(seen?.status.basic).toBe(basic);
    };
    // The tab that created the token has closed (after the grace period): the bot is offline
    // until its own process connects as a device tuple, like a browser tab.
    await botIs("closed");
    const botProcess = startBot(bot.token);
    try {
      await botIs("open");

      const replies: string[] = [];
      socket.on("im:received", ({ message }) => message.direction === "incoming" && replies.push(message.body));
      for (const body of ["hello bot", "second message"]) {
        const sent = await ask(socket, "im:send", { to: bot.username, clientId: randomUUID(), body });
        expect(sent.ok).toBe(true);
      }
      for (let waited = 0; waited < 100 && replies.length < 2; waited += 1) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(replies).toEqual(["hello bot", "second message"]);
      socket.close();
    } finally {
      botProcess.kill("SIGTERM");
    }
  });

  it("a token's socket follows the same rules as a browser: no identity from payloads, closed on revoke", async () => {
    const bot = await botToken();
    const { io } = await import("socket.io-client");
    const socket = io(server.url, { auth: { token: bot.token }, transports: ["websocket"], reconnection: false, forceNew: true });
    const ready = await new Promise<{ user: { username: string } }>((resolve) => socket.once("session:ready", resolve));
    expect(ready.user.username).toBe(bot.username);
    const spoof = await socket.timeout(5_000).emitWithAck("im:send", {
      to: bot.username,
      clientId: randomUUID(),
      body: "x",
      from: "someone-else",
    } as never);
    expect(spoof).toMatchObject({ ok: false, error: { code: "invalid_payload" } });
    // Revoking the token closes the bot's sockets at once.
    const owner = await connect(server, bot.cookie);
    const listed = await ask(owner.socket, "token:list");
    const ended = new Promise((resolve) => socket.once("session:ended", resolve));
    if (!listed.ok) throw new Error("no tokens");
    await ask(owner.socket, "token:revoke", { id: listed.data[0]!.id });
    expect(await ended).toEqual({ reason: "revoked" });
    owner.socket.close();
  });

  it("a wrong token is refused in the handshake", async () => {
    const { io } = await import("socket.io-client");
    const socket = io(server.url, { auth: { token: "blt_not_a_real_token" }, transports: ["websocket"], reconnection: false, forceNew: true });
    const error = await new Promise<Error & { data?: { code?: string } }>((resolve) => socket.once("connect_error", resolve));
    expect(error.data?.code).toBe("unauthorized");
    socket.close();
  });

  it("a token cannot manage tokens: creating, listing and revoking need a browser session", async () => {
    const bot = await botToken(["presence:read", "presence:manage", "messages"]);
    const socket = await tokenSocket(bot.token);
    const minted = await ask(socket, "token:create", { name: "child", scopes: ["messages"] });
    expect(minted).toMatchObject({ ok: false, error: { code: "insufficient_scope" } });
    expect(await ask(socket, "token:list", {})).toMatchObject({ ok: false, error: { code: "insufficient_scope" } });
    expect(await ask(socket, "token:revoke", { id: bot.id })).toMatchObject({ ok: false, error: { code: "insufficient_scope" } });
    // Nothing was minted: the owner still has the one token.
    const owner = await connect(server, bot.cookie);
    expect(await ask(owner.socket, "token:list", {})).toMatchObject({ ok: true, data: [{ id: bot.id }] });
    owner.socket.close();
    socket.close();
  });

  it("a token's scopes decide which commands and endpoints it may use", async () => {
    const reader = await botToken(["presence:read"]);
    const socket = await tokenSocket(reader.token);
    expect(await ask(socket, "presence:fetch", { username: reader.username })).toMatchObject({ ok: true });
    expect(await ask(socket, "watchers:get", {})).toMatchObject({ ok: true });
    const refused = await ask(socket, "presence:set-status", { availability: "busy" });
    expect(refused).toMatchObject({ ok: false, error: { code: "insufficient_scope" } });
    expect(await ask(socket, "im:send", { to: reader.username, clientId: randomUUID(), body: "x" })).toMatchObject({
      ok: false,
      error: { code: "insufficient_scope" },
    });
    expect(await ask(socket, "privacy:set-invisible", { invisible: true })).toMatchObject({
      ok: false,
      error: { code: "insufficient_scope" },
    });
    // An invalid payload is still just invalid, and a refused command changed nothing.
    expect(await ask(socket, "presence:fetch", { username: reader.username })).toMatchObject({
      ok: true,
      data: { status: { availability: "available" } },
    });
    socket.close();

    const authorization = { authorization: `Bearer ${reader.token}` };
    expect((await fetch(`${server.url}/api/presence/${reader.username}`, { headers: authorization })).status).toBe(200);
    expect((await fetch(`${server.url}/api/watchers`, { headers: authorization })).status).toBe(200);

    const messenger = await botToken(["messages"]);
    const headers = { authorization: `Bearer ${messenger.token}` };
    const poll = await fetch(`${server.url}/api/presence/${messenger.username}`, { headers });
    expect(poll.status).toBe(403);
    expect(((await poll.json()) as { error: { code: string } }).error.code).toBe("insufficient_scope");
    expect((await fetch(`${server.url}/api/watchers`, { headers })).status).toBe(403);
    const messengerSocket = await tokenSocket(messenger.token);
    expect(await ask(messengerSocket, "presence:fetch", { username: messenger.username })).toMatchObject({
      ok: false,
      error: { code: "insufficient_scope" },
    });
    messengerSocket.close();
  });

  it("lists each token with its scopes; a token created without scopes may only read presence", async () => {
    const bot = await newUser(server, "scoped");
    const { socket } = await connect(server, bot.cookie);
    const plain = await ask(socket, "token:create", { name: "plain" });
    expect(plain).toMatchObject({ ok: true, data: { scopes: ["presence:read"] } });
    const wide = await ask(socket, "token:create", { name: "wide", scopes: ["messages", "presence:manage", "messages"] });
    expect(wide).toMatchObject({ ok: true, data: { scopes: ["presence:manage", "messages"] } });
    expect(await ask(socket, "token:create", { name: "none", scopes: [] })).toMatchObject({
      ok: false,
      error: { code: "invalid_payload" },
    });
    expect(await ask(socket, "token:create", { name: "bad", scopes: ["admin"] })).toMatchObject({
      ok: false,
      error: { code: "invalid_payload" },
    });
    const listed = await ask(socket, "token:list", {});
    expect(listed).toMatchObject({
      ok: true,
      data: [
        { name: "plain", scopes: ["presence:read"] },
        { name: "wide", scopes: ["presence:manage", "messages"] },
      ],
    });
    socket.close();
  });
});
