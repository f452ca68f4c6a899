// Password hashing (Argon2id, OWASP parameters, @node-rs/argon2) and the common-password check.
import { hash, verify } from "@node-rs/argon2";
import { dictionary } from "@zxcvbn-ts/language-common";

// The library's default algorithm is Argon2id (its const enum cannot be imported under
// verbatimModuleSyntax); a unit test checks the hashes say `$argon2id$`.
const ARGON2_OPTIONS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 };

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2_OPTIONS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

let dummyHash: Promise<string> | undefined;

/**
 * Spends the same time as a real verification. Used when the username is unknown, so the
 * response time does not tell an attacker which accounts exist.
 */
export async function verifyAgainstDummy(password: string): Promise<false> {
  dummyHash ??= hashPassword("buddylist-dummy-password");
  await verifyPassword(await dummyHash, password);
  return false;
}

let common: Set<string> | undefined;

/** True for the passwords that lists of leaked passwords rank as the most common. */
export function isCommonPassword(password: string): boolean {
  common ??= new Set(dictionary["passwords-common"]);
  const lowered = password.toLowerCase();
  return common.has(lowered) || common.has(lowered.replace(/[0-9!.?]+$/, ""));
}
