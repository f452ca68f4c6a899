// Starts the real server (server.ts as `npm start` runs it: bundled, with the production build) as a child process on a free port with
// its own temporary database, and talks to it the way a browser or bot would: HTTP for
// sign-up and sign-in, socket.io-client with the session cookie for everything live.
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { io, type Socket } from "socket.io-client";
import { serverBundlePath } from "../../scripts/server-bundle";
import { bucketEnv, localBucket } from "../s3-server";
import type { GroupSnapshot } from "@/lib/protocol/groups";
import { dropDatabaseFor, postgresUrlFor, onPostgres } from "./postgres";
import type {
  BuddyListSnapshot,
  ClientToServerEvents,
  InboxSnapshot,
  ServerToClientEvents,
  Session,
} from "@/lib/protocol";

export type TestSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

const root = path.resolve(import.meta.dirname, "../..");

export type ServerOptions = {
  env?: Record<string, string>;
  /** Reuse a data folder (restart tests); a new one by default. */
  dataDir?: string;
};

export type TestServer = {
  url: string;
  port: number;
  dataDir: string;
  env: Record<string, string>;
  logs: string[];
  /** Graceful stop (SIGTERM) and wait for exit; resolves with the exit code. */
  stop(): Promise<number | null>;
  /** SIGKILL: the process dies at once, as in a crash. */
  kill(): Promise<void>;
};

/** Where a client reaches the service: a test server, or a load balancer in front of several. */
export type Endpoint = Pick<TestServer, "url">;

export function testDataDir(): string {
  const dir = path.join(root, ".tmp", `it-${process.pid}-${randomBytes(4).toString("hex")}`);
  mkdirSync(dir, { recursive: true });
  return dir;
}

export async function startServer(options: ServerOptions = {}): Promise<TestServer> {
  if (!existsSync(path.join(root, process.env.NEXT_DIST_DIR ?? ".next", "BUILD_ID"))) {
    throw new Error("No production build: run `npm run build` before the integration tests (npm test does).");
  }
  const dataDir = options.dataDir ?? testDataDir();
  // On PostgreSQL the suite also stores attachments in an S3-compatible bucket (a local server).
  const database: Record<string, string> = onPostgres()
    ? { DATABASE_URL: await postgresUrlFor(dataDir), ...(options.env?.S3_BUCKET ? {} : bucketEnv(await localBucket())) }
    : {};
  const env: Record<string, string> = {
    ...database,
    NODE_ENV: "production",
    PORT: options.env?.PORT ?? "0",
    HOST: "127.0.0.1",
    DATA_DIR: dataDir,
    AUTH_SECRET: "integration-test-secret-0123456789abcdef",
    LOG_LEVEL: "info",
    PRESENCE_GRACE_MS: "300",
    ...options.env,
  };
  const child = spawn(process.execPath, ["--enable-source-maps", serverBundlePath()], {
    cwd: root,
    env: {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "",
      ...(process.env.NEXT_DIST_DIR ? { NEXT_DIST_DIR: process.env.NEXT_DIST_DIR } : {}),
      ...env,
    } as unknown as NodeJS.ProcessEnv,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const logs: string[] = [];
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));

  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${logs.join("\n")}`)), 60_000);
    const onLine = (line: string) => {
      logs.push(line);
      const match = /"port":(\d+).*listening/.exec(line);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    };
    pipeLines(child, onLine);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before listening:\n${logs.join("\n")}`));
    });
  });

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    dataDir,
    env,
    logs,
    async stop() {
      if (child.exitCode !== null) return child.exitCode;
      child.kill("SIGTERM");
      return exited;
    },
    async kill() {
      if (child.exitCode !== null) return;
      child.kill("SIGKILL");
      await exited;
    },
  };
}

/** Starts a stopped (or killed) server again on the same data folder and port. */
export function restartServer(server: TestServer): Promise<TestServer> {
  return startServer({ dataDir: server.dataDir, env: { ...server.env, PORT: String(server.port) } });
}

/** Calls `onLine` with each line a child writes to stdout or stderr. */
export function pipeLines(child: ChildProcess, onLine: (line: string) => void) {
  for (const stream of [child.stdout, child.stderr]) {
    let buffer = "";
    stream?.setEncoding("utf8");
    stream?.on("data", (chunk: string) => {
      buffer += chunk;
      let index: number;
      while ((index = buffer.indexOf("\n")) >= 0) {
        onLine(buffer.slice(0, index));
        buffer = buffer.slice(index + 1);
      }
    });
  }
}

/** Removes a test server's data folder (and its PostgreSQL database, when there is one). */
export async function removeDataDir(dir: string) {
  rmSync(dir, { recursive: true, force: true });
  if (onPostgres()) await dropDatabaseFor(dir);
}

let counter = 0;
/** A username unique within this test run. */
export function uniqueName(prefix = "user"): string {
  counter += 1;
  return `${prefix}${counter}_${randomBytes(3).toString("hex")}`.slice(0, 32);
}

export const PASSWORD = "a long test password 42";

export async function signUp(server: Endpoint, username: string, password = PASSWORD) {
  const response = await fetch(`${server.url}/api/accounts`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username, password }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** Cookie jar of one "browser": name → value. */
export class CookieJar {
  private readonly cookies = new Map<string, string>();
  store(response: Response) {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const [name, ...rest] = pair!.split("=");
      const value = rest.join("=");
      if (/expires=Thu, 01 Jan 1970/i.test(line) || value === "") this.cookies.delete(name!.trim());
      else this.cookies.set(name!.trim(), value);
    }
  }
  header(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
  }
  get(name: string) {
    return this.cookies.get(name);
  }
}

/** Signs in through Auth.js' credentials endpoint; returns the jar and where it redirected. */
export async function signIn(server: Endpoint, username: string, password = PASSWORD) {
  const jar = new CookieJar();
  const csrfResponse = await fetch(`${server.url}/api/auth/csrf`);
  jar.store(csrfResponse);
  const { csrfToken } = (await csrfResponse.json()) as { csrfToken: string };
  const response = await fetch(`${server.url}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: jar.header() },
    body: new URLSearchParams({ username, password, csrfToken, callbackUrl: server.url }),
  });
  jar.store(response);
  const location = response.headers.get("location") ?? "";
  return { jar, location, signedIn: Boolean(jar.get("authjs.session-token")) };
}

/** Signs up and in; returns the session cookie header. */
export async function newUser(server: Endpoint, prefix = "user") {
  const username = uniqueName(prefix);
  const created = await signUp(server, username);
  if (created.status !== 201) throw new Error(`sign-up failed: ${JSON.stringify(created.body)}`);
  const { jar, signedIn } = await signIn(server, username);
  if (!signedIn) throw new Error("sign-in failed");
  return { username, cookie: jar.header(), jar };
}

/**
 * A connected socket.io client. Resolves once the server said `session:ready` and sent the
 * first buddy list and inbox snapshots (listeners are attached before connecting, so nothing
 * is missed).
 */
export async function connect(
  server: Endpoint,
  cookie?: string,
  auth: Record<string, unknown> = {},
): Promise<{ socket: TestSocket; session: Session; snapshot: BuddyListSnapshot; inbox: InboxSnapshot; groups: GroupSnapshot }> {
  const socket: TestSocket = io(server.url, {
    transports: ["websocket"],
    extraHeaders: cookie ? { cookie } : {},
    auth,
    reconnection: false,
    forceNew: true,
  });
  const ready = new Promise<{ session: Session; snapshot: BuddyListSnapshot; inbox: InboxSnapshot; groups: GroupSnapshot }>((resolve, reject) => {
    let session: Session | undefined;
    let snapshot: BuddyListSnapshot | undefined;
    let inbox: InboxSnapshot | undefined;
    socket.once("session:ready", (value) => (session = value));
    socket.once("buddylist:snapshot", (value) => (snapshot = value));
    socket.once("im:snapshot", (value) => (inbox = value));
    // The group snapshot comes last.
    socket.once("groupchat:snapshot", (groups) => resolve({ session: session!, snapshot: snapshot!, inbox: inbox!, groups }));
    socket.once("connect_error", (error) => {
      socket.close();
      reject(error);
    });
    // The server went away mid-handshake (a restart): no snapshot will come.
    socket.once("disconnect", (reason) => reject(new Error(`disconnected before the snapshots: ${reason}`)));
  });
  return { socket, ...(await ready) };
}

/** A new account with one connected tab: who most tests are about. */
export async function connectedUser(server: Endpoint, prefix = "user") {
  const { username, cookie } = await newUser(server, prefix);
  const { socket, snapshot } = await connect(server, cookie);
  return { username, cookie, socket, snapshot };
}

/** The error a refused handshake produced. */
export async function refusedHandshake(server: Endpoint, cookie?: string) {
  try {
    const { socket } = await connect(server, cookie);
    socket.close();
    return null;
  } catch (error) {
    return error as Error & { data?: { code?: string } };
  }
}

/** Sends a command and resolves with its acknowledgement (5 s timeout). */
export function ask<E extends keyof ClientToServerEvents>(socket: TestSocket, event: E, payload?: unknown) {
  type Response = Parameters<Parameters<ClientToServerEvents[E]>[1]>[0];
  return (socket.timeout(5_000) as unknown as { emitWithAck(event: string, payload: unknown): Promise<Response> }).emitWithAck(
    event,
    payload,
  );
}

/** A command's data, or a thrown error naming what the server answered instead. */
export async function ok<T>(promise: Promise<{ ok: true; data: T } | { ok: false; error: unknown }>): Promise<T> {
  const response = await promise;
  if (!response.ok) throw new Error(`command failed: ${JSON.stringify(response.error)}`);
  return response.data;
}

/** Every event of that name from now on, to assert on what arrived (and what did not). */
export function collect<E extends keyof ServerToClientEvents>(socket: TestSocket, event: E) {
  const seen: Parameters<ServerToClientEvents[E]>[0][] = [];
  socket.on(event, ((payload: Parameters<ServerToClientEvents[E]>[0]) => seen.push(payload)) as never);
  return seen;
}

/** Resolves with the next event of that name. */
export function nextEvent<E extends keyof ServerToClientEvents>(
  socket: TestSocket,
  event: E,
  timeoutMs = 5_000,
): Promise<Parameters<ServerToClientEvents[E]>[0]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${event} within ${timeoutMs} ms`)), timeoutMs);
    const listener = (payload: unknown) => {
      clearTimeout(timer);
      resolve(payload as Parameters<ServerToClientEvents[E]>[0]);
    };
    socket.once(event, listener as never);
  });
}
