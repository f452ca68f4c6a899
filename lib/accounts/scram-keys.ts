// SCRAM key derivation (RFC 5802 §3): what is stored per credential is StoredKey and ServerKey,
// never the password. One salt and iteration count per account serve its password and every
// app password, so a client proof can be tried against each (see scram.ts). Pure.
import { createHash, createHmac, pbkdf2, pbkdf2Sync, timingSafeEqual } from "node:crypto";
import { promisify } from "node:util";

export const SCRAM_HASHES = ["SHA-1", "SHA-256"] as const;
export type ScramHash = (typeof SCRAM_HASHES)[number];

/** OWASP's figure for PBKDF2-HMAC-SHA256 would be far more; 4096 is what XMPP servers use, and every key is derived once. */
export const SCRAM_ITERATIONS = 4096;

export type ScramKey = { storedKey: Buffer; serverKey: Buffer };
export type ScramKeys = Record<ScramHash, ScramKey>;

const nodeName = (hash: ScramHash) => (hash === "SHA-1" ? "sha1" : "sha256");
const keyLength = (hash: ScramHash) => (hash === "SHA-1" ? 20 : 32);

export const hmac = (hash: ScramHash, key: Buffer, data: string | Buffer) => createHmac(nodeName(hash), key).update(data).digest();
export const digest = (hash: ScramHash, data: Buffer) => createHash(nodeName(hash)).update(data).digest();

/** RFC 5802: SaltedPassword = Hi(password, salt, i); ClientKey, StoredKey = H(ClientKey), ServerKey. */
export function deriveScramKey(hash: ScramHash, password: string, salt: Buffer, iterations: number): ScramKey {
  // SASLprep is left out: passwords here are what the person typed, compared byte for byte as UTF-8.
  const salted = pbkdf2Sync(Buffer.from(password, "utf8"), salt, iterations, keyLength(hash), nodeName(hash));
  const clientKey = hmac(hash, salted, "Client Key");
  return { storedKey: digest(hash, clientKey), serverKey: hmac(hash, salted, "Server Key") };
}

const pbkdf2Async = promisify(pbkdf2);

/**
 * Whether `password` is the one `key` was derived from: the same PBKDF2 as at derivation, on
 * libuv's thread pool (async), so checking a PLAIN password never blocks the event loop.
 */
export async function matchesScramKey(hash: ScramHash, password: string, salt: Buffer, iterations: number, key: ScramKey): Promise<boolean> {
  const salted = await pbkdf2Async(Buffer.from(password, "utf8"), salt, iterations, keyLength(hash), nodeName(hash));
  const storedKey = digest(hash, hmac(hash, salted, "Client Key"));
  return storedKey.length === key.storedKey.length && timingSafeEqual(storedKey, key.storedKey);
}

export function deriveScramKeys(password: string, salt: Buffer, iterations: number): ScramKeys {
  return {
    "SHA-1": deriveScramKey("SHA-1", password, salt, iterations),
    "SHA-256": deriveScramKey("SHA-256", password, salt, iterations),
  };
}

/** As stored in the database: JSON of base64 strings. */
export function serializeScramKeys(keys: ScramKeys): string {
  return JSON.stringify(
    Object.fromEntries(
      SCRAM_HASHES.map((hash) => [hash, { storedKey: keys[hash].storedKey.toString("base64"), serverKey: keys[hash].serverKey.toString("base64") }]),
    ),
  );
}

/** The stored keys, or null for a missing or damaged value (that credential then cannot sign in with SCRAM). */
export function parseScramKeys(stored: string | null): ScramKeys | null {
  if (!stored) return null;
  try {
    const raw = JSON.parse(stored) as Record<string, { storedKey?: unknown; serverKey?: unknown } | undefined>;
    const entries = SCRAM_HASHES.map((hash) => {
      const key = raw[hash];
      if (typeof key?.storedKey !== "string" || typeof key.serverKey !== "string") throw new Error("missing key");
      return [hash, { storedKey: Buffer.from(key.storedKey, "base64"), serverKey: Buffer.from(key.serverKey, "base64") }] as const;
    });
    return Object.fromEntries(entries) as ScramKeys;
  } catch {
    return null;
  }
}
