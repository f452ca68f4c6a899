// The real services (lib/services.ts) and the real socket.io layer (lib/realtime) in this
// process, on a temporary SQLite file: what server.ts runs, minus Next.js and the process
// boundary. Accounts are made through the account service, with a server-side session whose
// cookie is sealed here as Auth.js seals it (so sockets are sessions, as a browser's are, not
// tokens — a token is a watcher of its own). The XMPP endpoint (lib/xmpp) listens too, so the
// last account of each sequence also watches over XMPP. For the fast model-based unit variant.
import { createCipheriv, createHmac, hkdfSync, randomBytes } from "node:crypto";
import { mkdirSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import path from "node:path";
import { freePort } from "../free-port";
import type { Transport } from "./driver";
import { UNLIMITED } from "./property";

const root = path.resolve(import.meta.dirname, "../..");

export async function startInProcess(options: { graceMs: number; coalesceMs: number }): Promise<{ transport: Transport; close(): Promise<void> }> {
  const dataDir = path.join(root, ".tmp", `model-${process.pid}-${randomBytes(4).toString("hex")}`);
  mkdirSync(dataDir, { recursive: true });
  const saved = { ...process.env };
  Object.assign(process.env, {
    DATA_DIR: dataDir,
    DATABASE_URL: `file:${path.join(dataDir, "buddylist.db")}`,
    AUTH_SECRET: "model-test-secret-0123456789abcdef0123",
    PRESENCE_GRACE_MS: String(options.graceMs),
    PRESENCE_COALESCE_MS: String(options.coalesceMs),
    ...UNLIMITED,
    LOG_LEVEL: "silent",
    XMPP_PORT: String(await freePort()),
    XMPP_TLS_PORT: "off",
    XMPP_DOMAIN: "localhost",
  });
  // Loaded only now: the environment is read once, at first use.
  const [{ getEnv }, { applyMigrations }, { createDb, prepareDatabase }, { createLogger }, { createServices }, { createRealtime }, { xmppConfig }, { startXmpp }] =
    await Promise.all([
      import("@/lib/env"),
      import("@/lib/db/migrate"),
      import("@/lib/db/client"),
      import("@/lib/log"),
      import("@/lib/services"),
      import("@/lib/realtime/create-realtime"),
      import("@/lib/xmpp/config"),
      import("@/lib/xmpp/server"),
    ]);
  const env = getEnv();
  await applyMigrations(env.DATABASE_URL);
  const db = createDb(env.DATABASE_URL);
  await prepareDatabase(db, env.DATABASE_URL);
  const logger = createLogger(process.env.MODEL_LOG ?? "silent");
  const services = createServices({ db, env, logger });
  const http = createServer();
  const io = createRealtime(http, services);
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  const address = http.address();
  const port = typeof address === "object" && address ? address.port : 0;
  const xmpp = await startXmpp(services, xmppConfig(env), logger);
  if (!xmpp?.port) throw new Error("the XMPP endpoint did not start");

  let counter = 0;
  const transport: Transport = {
    name: "in-process (SQLite)",
    urls: [`http://127.0.0.1:${port}`],
    graceMs: options.graceMs,
    settleMs: 10,
    coalesceMs: options.coalesceMs,
    async createAccount(prefix) {
      counter += 1;
      const username = `${prefix}_${counter}_${randomBytes(3).toString("hex")}`.slice(0, 32);
      const made = await services.accounts.signUp({ username, password: PASSWORD }, { address: "127.0.0.1" });
      if (!made.ok) throw new Error(`sign-up failed: ${made.message}`);
      const session = await services.accounts.startSession(made.userId, {});
      const sealed = sealSessionToken({ sid: session.id, exp: Math.floor(Date.now() / 1000) + 3600 }, env.AUTH_SECRET);
      return { username, cookie: `${SESSION_COOKIE}=${sealed}` };
    },
    xmpp: { port: xmpp.port, domain: "localhost", password: PASSWORD },
  };

  return {
    transport,
    async close() {
      await xmpp.close();
      await io.close();
      await services.close();
      await db.$disconnect();
      rmSync(dataDir, { recursive: true, force: true });
      for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
      Object.assign(process.env, saved);
    },
  };
}

const SESSION_COOKIE = "authjs.session-token";
const PASSWORD = "a long test password 42";

/** A session cookie as Auth.js seals it: compact JWE, "dir" + A256CBC-HS512, key by HKDF (see lib/auth/session-token.ts). */
function sealSessionToken(claims: Record<string, unknown>, secret: string, salt = SESSION_COOKIE): string {
  const key = Buffer.from(hkdfSync("sha256", secret, salt, `Auth.js Generated Encryption Key (${salt})`, 64));
  const header = Buffer.from(JSON.stringify({ alg: "dir", enc: "A256CBC-HS512" })).toString("base64url");
  const iv = randomBytes(16);
  const cipher = createCipheriv("aes-256-cbc", key.subarray(32), iv);
  const ciphertext = Buffer.concat([cipher.update(JSON.stringify(claims), "utf8"), cipher.final()]);
  const aad = Buffer.from(header, "ascii");
  const aadBits = Buffer.alloc(8);
  aadBits.writeBigUInt64BE(BigInt(aad.length * 8));
  const tag = createHmac("sha512", key.subarray(0, 32)).update(aad).update(iv).update(ciphertext).update(aadBits).digest().subarray(0, 32);
  return [header, "", iv.toString("base64url"), ciphertext.toString("base64url"), tag.toString("base64url")].join(".");
}
