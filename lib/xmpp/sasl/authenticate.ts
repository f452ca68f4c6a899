// SASL negotiation (RFC 6120 §6) for one stream: which mechanisms are offered, and each
// <auth>/<response> step. Credentials and the throttle are the account service's
// (lib/accounts/xmpp-credentials.ts); this only speaks the mechanisms.
import type { XmppCredentials, XmppSignIn } from "@/lib/accounts/xmpp-credentials";
import type { ScramHash } from "@/lib/accounts/scram-keys";
import { parsePlain } from "./plain";
import { createScramExchange } from "./scram";

export const MECHANISMS = ["SCRAM-SHA-256", "SCRAM-SHA-1", "PLAIN"] as const;
export type Mechanism = (typeof MECHANISMS)[number];

export type SaslReply =
  | { kind: "challenge"; data: Buffer }
  | { kind: "success"; data: Buffer | null; signIn: Extract<XmppSignIn, { ok: true }> }
  | { kind: "failure"; condition: string; text?: string };

/** The username a client gives: `alice` or `alice@domain`, compared lower-case. */
function accountName(given: string, domain: string): string | null {
  const lowered = given.toLowerCase();
  const at = lowered.indexOf("@");
  if (at < 0) return lowered;
  return lowered.slice(at + 1) === domain ? lowered.slice(0, at) : null;
}

const refused = (signIn: Exclude<XmppSignIn, { ok: true }>): SaslReply =>
  signIn.reason === "retry_after"
    ? { kind: "failure", condition: "temporary-auth-failure", text: `Too many attempts. Try again in ${signIn.retryAfter} seconds.` }
    : { kind: "failure", condition: "not-authorized" };

export function createSaslNegotiation(deps: { credentials: XmppCredentials; domain: string; address: string }) {
  const { credentials, domain, address } = deps;
  let scram: { exchange: ReturnType<typeof createScramExchange>; tokenIds: (string | null)[]; username: string } | null = null;

  async function startScram(hash: ScramHash, message: Buffer): Promise<SaslReply> {
    let tokenIds: (string | null)[] = [];
    let username = "";
    const exchange = createScramExchange(hash, async (given) => {
      username = accountName(given, domain) ?? "";
      const found = await credentials.scramCredentials(username, hash);
      tokenIds = found.tokenIds;
      return found;
    });
    const step = await exchange.start(message.toString("utf8"));
    if (step.kind === "failure") return { kind: "failure", condition: step.condition };
    if (step.kind !== "challenge") return { kind: "failure", condition: "malformed-request" };
    scram = { exchange, tokenIds, username };
    return { kind: "challenge", data: Buffer.from(step.data) };
  }

  return {
    async auth(mechanism: string, message: Buffer): Promise<SaslReply> {
      scram = null;
      switch (mechanism) {
        case "SCRAM-SHA-256":
          return startScram("SHA-256", message);
        case "SCRAM-SHA-1":
          return startScram("SHA-1", message);
        case "PLAIN": {
          const plain = parsePlain(message);
          const username = plain && accountName(plain.username, domain);
          if (!plain || !username) return { kind: "failure", condition: "not-authorized" };
          const signIn = await credentials.attempt(username, address, () => credentials.checkPlain(username, plain.password));
          return signIn.ok ? { kind: "success", data: null, signIn } : refused(signIn);
        }
        default:
          return { kind: "failure", condition: "invalid-mechanism" };
      }
    },

    async response(message: Buffer): Promise<SaslReply> {
      const current = scram;
      scram = null;
      if (!current) return { kind: "failure", condition: "malformed-request" };
      let verifier = "";
      const signIn = await credentials.attempt(current.username, address, async () => {
        const step = current.exchange.finish(message.toString("utf8"));
        if (step.kind !== "success") return undefined;
        verifier = step.data;
        // Read again after the client's round trip: the account may have been suspended meanwhile.
        return { tokenId: current.tokenIds[step.credentialIndex] ?? null, user: null };
      });
      return signIn.ok ? { kind: "success", data: Buffer.from(verifier), signIn } : refused(signIn);
    },
  };
}
