// The server side of SASL SCRAM-SHA-1 and SCRAM-SHA-256 (RFC 5802, RFC 7677), without channel
// binding (no -PLUS mechanism is offered). The account's credentials come from a lookup; the
// proof is checked against each of them (the password and every XMPP app password share the
// account's salt): ClientKey = proof XOR HMAC(StoredKey, AuthMessage), and H(ClientKey) must be
// a StoredKey. An unknown name gets a salt like any other and fails at the proof, so the
// exchange does not tell which names exist.
import { randomBytes, timingSafeEqual } from "node:crypto";
import { digest, hmac, type ScramHash, type ScramKey } from "@/lib/accounts/scram-keys";

export type ScramLookup = {
  salt: Buffer;
  iterations: number;
  /** Every credential of the account that SCRAM may sign in with; [] for an unknown name. */
  keys: ScramKey[];
};

export type ScramStep =
  | { kind: "challenge"; data: string }
  | { kind: "success"; data: string; username: string; credentialIndex: number }
  | { kind: "failure"; condition: "malformed-request" | "not-authorized" | "invalid-authzid" | "encryption-required" };

const ATTRIBUTE = /^([a-zA-Z])=(.*)$/s;

function attributes(text: string): Map<string, string> | null {
  const map = new Map<string, string>();
  for (const part of text.split(",")) {
    const match = ATTRIBUTE.exec(part);
    if (!match || map.has(match[1]!)) return null;
    map.set(match[1]!, match[2]!);
  }
  return map;
}

/** saslname (RFC 5802 §5.1): "=2C" is a comma and "=3D" an equals sign; any other "=" is an error. */
export function decodeSaslName(name: string): string | null {
  if (/=(?!2C|3D)/.test(name)) return null;
  return name.replace(/=2C/g, ",").replace(/=3D/g, "=");
}

const xor = (a: Buffer, b: Buffer) => Buffer.from(a.map((byte, index) => byte ^ b[index]!));

/**
 * One SCRAM exchange. `start` takes the client-first message, `finish` the client-final one.
 * `lookup` receives the username as sent (the caller normalises and checks it).
 */
export function createScramExchange(
  hash: ScramHash,
  lookup: (username: string) => Promise<ScramLookup>,
  serverNonce: string = randomBytes(18).toString("base64"),
) {
  let state: {
    gs2Header: string;
    clientFirstBare: string;
    serverFirst: string;
    nonce: string;
    username: string;
    found: ScramLookup;
    /** An authzid other than the user itself: refused at the end, like a wrong proof would be. */
    badAuthzid: boolean;
  } | null = null;
  let done = false;

  return {
    async start(clientFirst: string): Promise<ScramStep> {
      if (state || done) return { kind: "failure", condition: "malformed-request" };
      // gs2-header: "n" (no channel binding) or "y" (client could, thinks we cannot); "p" asks for binding we do not offer.
      const match = /^([ny]),(a=[^,]*)?,(.*)$/s.exec(clientFirst);
      if (!match) return { kind: "failure", condition: "malformed-request" };
      const [, , authzid, bare] = match;
      const fields = attributes(bare!);
      const name = fields?.get("n");
      const clientNonce = fields?.get("r");
      if (!fields || name === undefined || !clientNonce || /[^\x21-\x2b\x2d-\x7e]/.test(clientNonce) || fields.has("m")) {
        return { kind: "failure", condition: "malformed-request" };
      }
      const username = decodeSaslName(name);
      if (username === null || username === "") return { kind: "failure", condition: "malformed-request" };
      const found = await lookup(username);
      const nonce = clientNonce + serverNonce;
      const serverFirst = `r=${nonce},s=${found.salt.toString("base64")},i=${found.iterations}`;
      state = {
        gs2Header: clientFirst.slice(0, clientFirst.length - bare!.length),
        clientFirstBare: bare!,
        serverFirst,
        nonce,
        username,
        found,
        badAuthzid: authzid !== undefined && authzid !== "a=",
      };
      return { kind: "challenge", data: serverFirst };
    },

    finish(clientFinal: string): ScramStep {
      const current = state;
      state = null;
      done = true;
      if (!current) return { kind: "failure", condition: "malformed-request" };
      const proofAt = clientFinal.lastIndexOf(",p=");
      if (proofAt < 0) return { kind: "failure", condition: "malformed-request" };
      const withoutProof = clientFinal.slice(0, proofAt);
      const fields = attributes(withoutProof);
      const proof = Buffer.from(clientFinal.slice(proofAt + 3), "base64");
      if (!fields || fields.get("c") !== Buffer.from(current.gs2Header).toString("base64") || fields.get("r") !== current.nonce) {
        return { kind: "failure", condition: "malformed-request" };
      }
      if (current.badAuthzid) return { kind: "failure", condition: "invalid-authzid" };
      const authMessage = `${current.clientFirstBare},${current.serverFirst},${withoutProof}`;
      for (const [index, key] of current.found.keys.entries()) {
        const signature = hmac(hash, key.storedKey, authMessage);
        if (proof.length !== signature.length) continue;
        const storedKey = digest(hash, xor(proof, signature));
        if (timingSafeEqual(storedKey, key.storedKey)) {
          const verifier = hmac(hash, key.serverKey, authMessage).toString("base64");
          return { kind: "success", data: `v=${verifier}`, username: current.username, credentialIndex: index };
        }
      }
      return { kind: "failure", condition: "not-authorized" };
    },
  };
}
