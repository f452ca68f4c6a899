// Decrypts the Auth.js session cookie for socket handshakes. Same format as next-auth's own
// `decode` (a JWE, "dir" + A256CBC-HS512, with a key derived by HKDF from AUTH_SECRET and
// the cookie name), but the key is derived once per process instead of on every handshake —
// it was a tenth of a login's CPU time.
import { createSecretKey, hkdfSync, type KeyObject } from "node:crypto";
import { base64url, calculateJwkThumbprint, jwtDecrypt, type JWTPayload } from "jose";

type DerivedKey = { key: KeyObject; kid: string };
const derived = new Map<string, Promise<DerivedKey>>();

function keyFor(secret: string, salt: string): Promise<DerivedKey> {
  const cacheKey = `${salt}\u0000${secret}`;
  let entry = derived.get(cacheKey);
  if (!entry) {
    const raw = Buffer.from(hkdfSync("sha256", secret, salt, `Auth.js Generated Encryption Key (${salt})`, 64));
    entry = calculateJwkThumbprint({ kty: "oct", k: base64url.encode(raw) }, "sha512").then((kid) => ({
      key: createSecretKey(raw),
      kid,
    }));
    derived.set(cacheKey, entry);
  }
  return entry;
}

/** The value of a cookie, joining Auth.js' chunks (`name.0`, `name.1`, …) when it was split. */
export function cookieValue(header: string, name: string): string | null {
  const cookies = new Map<string, string>();
  for (const part of header.split(";")) {
    const index = part.indexOf("=");
    if (index > 0) cookies.set(part.slice(0, index).trim(), decodeURIComponent(part.slice(index + 1).trim()));
  }
  const whole = cookies.get(name);
  if (whole) return whole;
  const chunks: string[] = [];
  for (let index = 0; cookies.has(`${name}.${index}`); index += 1) chunks.push(cookies.get(`${name}.${index}`)!);
  return chunks.length > 0 ? chunks.join("") : null;
}

/** The session token's claims, or null for a forged, tampered or expired token. */
export async function decodeSessionToken(token: string, secret: string, salt: string): Promise<JWTPayload | null> {
  try {
    const { key, kid } = await keyFor(secret, salt);
    const { payload } = await jwtDecrypt(
      token,
      (header) => {
        if (header.kid !== undefined && header.kid !== kid) throw new Error("unknown key");
        return key;
      },
      { clockTolerance: 15, keyManagementAlgorithms: ["dir"], contentEncryptionAlgorithms: ["A256CBC-HS512"] },
    );
    return payload;
  } catch {
    return null;
  }
}
