// The server's VAPID key pair (RFC 8292): push services accept a push only when it is signed
// with the key the subscription was made for. Configured (VAPID_PUBLIC_KEY/VAPID_PRIVATE_KEY),
// or generated once into the data folder, as AUTH_SECRET is, so every restart signs with the
// same key and devices stay subscribed. Instances of a cluster must share it: configure it.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import webpush from "web-push";
import type { ServerEnv } from "@/lib/env";

export type VapidKeys = { publicKey: string; privateKey: string; subject: string };

const FILE = "vapid-keys.json";

function readKeys(file: string): { publicKey: string; privateKey: string } {
  const parsed = JSON.parse(readFileSync(file, "utf8")) as { publicKey?: unknown; privateKey?: unknown };
  if (typeof parsed.publicKey !== "string" || typeof parsed.privateKey !== "string") {
    throw new Error(`${file} does not hold a VAPID key pair: remove it to generate a new one (devices must then subscribe again).`);
  }
  return { publicKey: parsed.publicKey, privateKey: parsed.privateKey };
}

/** Reads the key pair kept in the data folder, creating it on first start. */
function persistedKeys(dataDir: string): { publicKey: string; privateKey: string } {
  const file = path.join(dataDir, FILE);
  if (existsSync(file)) return readKeys(file);
  mkdirSync(dataDir, { recursive: true });
  const keys = webpush.generateVAPIDKeys();
  try {
    writeFileSync(file, `${JSON.stringify(keys)}\n`, { mode: 0o600, flag: "wx" });
  } catch (error) {
    // Another process of the same data folder wrote it first: use theirs.
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return readKeys(file);
    throw error;
  }
  return keys;
}

export function vapidKeys(env: Pick<ServerEnv, "DATA_DIR" | "VAPID_PUBLIC_KEY" | "VAPID_PRIVATE_KEY" | "VAPID_SUBJECT">): VapidKeys {
  const keys =
    env.VAPID_PUBLIC_KEY && env.VAPID_PRIVATE_KEY
      ? { publicKey: env.VAPID_PUBLIC_KEY, privateKey: env.VAPID_PRIVATE_KEY }
      : persistedKeys(env.DATA_DIR);
  return { ...keys, subject: env.VAPID_SUBJECT };
}
