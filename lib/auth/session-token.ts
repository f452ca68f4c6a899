// Decrypts the Auth.js session cookie for socket handshakes and pages. Same format as
// next-auth's own `decode`: a compact JWE, "dir" + A256CBC-HS512 (RFC 7516, RFC 7518 §5.2.2),
// with a 64-byte key derived by HKDF from AUTH_SECRET and the cookie name. Two things differ,
// both for speed on the handshake path: the key is derived once per process, and the token is
// checked and decrypted with node:crypto directly (one HMAC, one AES-CBC) instead of through
// WebCrypto, which cost a tenth of a connection's CPU time.
import { createDecipheriv, createHash, createHmac, hkdfSync, timingSafeEqual } from "node:crypto";
import { parseCookie } from "cookie";

type DerivedKey = { macKey: Buffer; encKey: Buffer; kid: string };
const derived = new Map<string, DerivedKey>();

/** Clock skew accepted on `exp` and `nbf`, as Auth.js' own decode allows. */
const CLOCK_TOLERANCE_S = 15;

function keyFor(secret: string, salt: string): DerivedKey {
  const cacheKey = `${salt}\u0000${secret}`;
  let entry = derived.get(cacheKey);
  if (!entry) {
    const raw = Buffer.from(hkdfSync("sha256", secret, salt, `Auth.js Generated Encryption Key (${salt})`, 64));
    // The JWK thumbprint (RFC 7638) Auth.js puts in `kid`: SHA-512 of the canonical JWK.
    const kid = createHash("sha512")
      .update(JSON.stringify({ k: raw.toString("base64url"), kty: "oct" }))
      .digest("base64url");
    entry = { macKey: raw.subarray(0, 32), encKey: raw.subarray(32), kid };
    derived.set(cacheKey, entry);
  }
  return entry;
}

/** The JWE's plaintext if its tag verifies (RFC 7518 §5.2.2.2), else null. */
function decryptCompact(token: string, key: DerivedKey): Buffer | null {
  const parts = token.split(".");
  if (parts.length !== 5) return null;
  const [protectedHeader, encryptedKey, iv, ciphertext, tag] = parts as [string, string, string, string, string];
  const header: unknown = JSON.parse(Buffer.from(protectedHeader, "base64url").toString("utf8"));
  if (typeof header !== "object" || header === null) return null;
  const { alg, enc, kid, zip, crit } = header as Record<string, unknown>;
  if (alg !== "dir" || enc !== "A256CBC-HS512" || zip !== undefined || crit !== undefined) return null;
  if (kid !== undefined && kid !== key.kid) return null;
  if (encryptedKey !== "") return null; // "dir": no encrypted key
  const ivBytes = Buffer.from(iv, "base64url");
  const cipherBytes = Buffer.from(ciphertext, "base64url");
  const tagBytes = Buffer.from(tag, "base64url");
  if (ivBytes.length !== 16 || tagBytes.length !== 32 || cipherBytes.length === 0 || cipherBytes.length % 16 !== 0) return null;
  const aad = Buffer.from(protectedHeader, "ascii");
  const aadBits = Buffer.alloc(8);
  aadBits.writeBigUInt64BE(BigInt(aad.length * 8));
  const mac = createHmac("sha512", key.macKey).update(aad).update(ivBytes).update(cipherBytes).update(aadBits).digest();
  if (!timingSafeEqual(mac.subarray(0, 32), tagBytes)) return null;
  const decipher = createDecipheriv("aes-256-cbc", key.encKey, ivBytes);
  return Buffer.concat([decipher.update(cipherBytes), decipher.final()]);
}

/** A session token's claims. */
export type SessionClaims = { [claim: string]: unknown; sid?: unknown; exp?: number; nbf?: number };

/**
 * A cookie value, percent-decoded; undefined when its encoding is broken. Such a cookie (any
 * other app on the same host can set one) is skipped rather than failing the whole header.
 */
function decodeOrSkip(value: string): string | undefined {
  try {
    return decodeURIComponent(value);
  } catch {
    return undefined;
  }
}

/** The value of a cookie, joining Auth.js' chunks (`name.0`, `name.1`, …) when it was split. */
export function cookieValue(header: string, name: string): string | null {
  const cookies = parseCookie(header, { decode: decodeOrSkip });
  const whole = cookies[name];
  if (whole) return whole;
  const chunks: string[] = [];
  for (let index = 0; ; index += 1) {
    const chunk = cookies[`${name}.${index}`];
    if (chunk === undefined) break;
    chunks.push(chunk);
  }
  // A chunk that could not be decoded leaves a gap: the rest would not be the token.
  if (`${name}.${chunks.length}` in cookies) return null;
  return chunks.length > 0 ? chunks.join("") : null;
}

/** The session token's claims, or null for a forged, tampered, malformed or expired token. */
export function decodeSessionToken(token: string, secret: string, salt: string): SessionClaims | null {
  try {
    const plaintext = decryptCompact(token, keyFor(secret, salt));
    if (!plaintext) return null;
    const claims: unknown = JSON.parse(plaintext.toString("utf8"));
    if (typeof claims !== "object" || claims === null || Array.isArray(claims)) return null;
    const { exp, nbf } = claims as SessionClaims;
    const nowS = Math.floor(Date.now() / 1000);
    if (exp !== undefined && (typeof exp !== "number" || exp <= nowS - CLOCK_TOLERANCE_S)) return null;
    if (nbf !== undefined && (typeof nbf !== "number" || nbf > nowS + CLOCK_TOLERANCE_S)) return null;
    return claims as SessionClaims;
  } catch {
    return null;
  }
}
