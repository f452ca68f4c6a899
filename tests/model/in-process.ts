// The real services (lib/services.ts) and the real socket.io layer (lib/realtime) in this
// process, on a temporary SQLite file: what server.ts runs, minus Next.js and the process
// boundary. Accounts are made through the account service and sockets authenticate with a
// personal access token, so no Auth.js is involved. For the fast model-based unit variant.
import { randomBytes } from "node:crypto";
import { mkdirSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import path from "node:path";
import type { Transport } from "./driver";

const root = path.resolve(import.meta.dirname, "../..");

export async function startInProcess(options: { graceMs: number }): Promise<{ transport: Transport; close(): Promise<void> }> {
  const dataDir = path.join(root, ".tmp", `model-${process.pid}-${randomBytes(4).toString("hex")}`);
  mkdirSync(dataDir, { recursive: true });
  const saved = { ...process.env };
  Object.assign(process.env, {
    DATA_DIR: dataDir,
    DATABASE_URL: `file:${path.join(dataDir, "buddylist.db")}`,
    AUTH_SECRET: "model-test-secret-0123456789abcdef0123",
    PRESENCE_GRACE_MS: String(options.graceMs),
    IM_SENDS_PER_10_SECONDS: "1000000",
    IM_STRANGER_SENDS_PER_MINUTE: "1000000",
    LOG_LEVEL: "silent",
  });
  // Loaded only now: the environment is read once, at first use.
  const [{ getEnv }, { applyMigrations }, { createDb, prepareDatabase }, { createLogger }, { createServices }, { createRealtime }] =
    await Promise.all([
      import("@/lib/env"),
      import("@/lib/db/migrate"),
      import("@/lib/db/client"),
      import("@/lib/log"),
      import("@/lib/services"),
      import("@/lib/realtime/create-realtime"),
    ]);
  const env = getEnv();
  await applyMigrations(env.DATABASE_URL);
  const db = createDb(env.DATABASE_URL);
  await prepareDatabase(db, env.DATABASE_URL);
  const services = createServices({ db, env, logger: createLogger(process.env.MODEL_LOG ?? "silent") });
  const http = createServer();
  const io = createRealtime(http, services);
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  const address = http.address();
  const port = typeof address === "object" && address ? address.port : 0;

  let counter = 0;
  const transport: Transport = {
    name: "in-process (SQLite)",
    urls: [`http://127.0.0.1:${port}`],
    graceMs: options.graceMs,
    settleMs: 10,
    async createAccount(prefix) {
      counter += 1;
      const username = `${prefix}_${counter}_${randomBytes(3).toString("hex")}`.slice(0, 32);
      const made = await services.accounts.signUp({ username, password: "a long test password 42" });
      if (!made.ok) throw new Error(`sign-up failed: ${made.message}`);
      const { token } = await services.accessTokens.create({ id: made.userId }, "model");
      return { username, token };
    },
  };

  return {
    transport,
    async close() {
      await io.close();
      await services.close();
      await db.$disconnect();
      rmSync(dataDir, { recursive: true, force: true });
      for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
      Object.assign(process.env, saved);
    },
  };
}
