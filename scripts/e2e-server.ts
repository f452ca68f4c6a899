// The server the end-to-end tests run against: the production build on a fresh database in a
// temporary folder that is removed when the server stops.
import { mkdtempSync, rmSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { E2E_ADMIN } from "../e2e/admin-account";
import { freePort } from "../tests/free-port";
import { buildServerBundle } from "./server-bundle";

const root = path.resolve(import.meta.dirname, "..");
const dataDir = mkdtempSync(path.join(root, ".tmp", "e2e-"));
const env = process.env as Record<string, string>;
env.NODE_ENV = "production";
env.DATA_DIR = dataDir;
env.HOST = "127.0.0.1";
env.PORT = env.E2E_PORT ?? "3217";
env.PRESENCE_GRACE_MS ??= "1000";
env.LOG_LEVEL ??= "warn";
// Every person of every spec signs up from 127.0.0.1: well over the default 100 an hour.
env.SIGNUPS_PER_ADDRESS_PER_HOUR ??= "10000";
// XMPP on ports of its own (5222 may be another server's); the specs read them from the settings page.
env.XMPP_PORT ??= String(await freePort());
env.XMPP_TLS_PORT ??= String(await freePort());
env.XMPP_DOMAIN ??= "localhost";
process.on("exit", () => rmSync(dataDir, { recursive: true, force: true }));

/**
 * The first account of an empty instance becomes its administrator. Tests run in parallel and
 * in any order, so that account is made here, before the server listens, and never by a test.
 * (Imported late: the modules must see the environment set above.)
 */
async function createAdministrator() {
  const { getEnv } = await import("../lib/env");
  const { applyMigrations } = await import("../lib/db/migrate");
  const { createDb } = await import("../lib/db/client");
  const { createPrismaAccountStore } = await import("../lib/db/accounts/prisma-account-store");
  const { hashPassword } = await import("../lib/accounts/passwords");
  const url = getEnv().DATABASE_URL;
  await applyMigrations(url);
  const db = createDb(url);
  const account = { username: E2E_ADMIN.username, displayName: "E2E admin", passwordHash: await hashPassword(E2E_ADMIN.password) };
  await createPrismaAccountStore(db).create(account, { mode: "open", inviteHash: null, now: new Date() });
  await db.$disconnect();
}

await createAdministrator();
// The server as `npm start` runs it.
await import(pathToFileURL(buildServerBundle()).href);
