// The server the end-to-end tests run against: the production build on a fresh database in a
// temporary folder that is removed when the server stops.
import { mkdtempSync, rmSync } from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const dataDir = mkdtempSync(path.join(root, ".tmp", "e2e-"));
const env = process.env as Record<string, string>;
env.NODE_ENV = "production";
env.DATA_DIR = dataDir;
env.HOST = "127.0.0.1";
env.PORT = env.E2E_PORT ?? "3217";
env.PRESENCE_GRACE_MS ??= "1000";
env.LOG_LEVEL ??= "warn";
process.on("exit", () => rmSync(dataDir, { recursive: true, force: true }));
await import("../server");
