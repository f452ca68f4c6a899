// The SCRAM exchanges of RFC 5802 §5 (SHA-1) and RFC 7677 §3 (SHA-256), byte for byte.
import { describe, expect, it } from "vitest";
import { deriveScramKey, type ScramHash } from "@/lib/accounts/scram-keys";
import { createScramExchange, decodeSaslName } from "./scram";

const VECTORS: Record<ScramHash, { clientNonce: string; serverNonce: string; salt: string; proof: string; verifier: string }> = {
  "SHA-1": {
    clientNonce: "fyko+d2lbbFgONRv9qkxdawL",
    serverNonce: "3rfcNHYJY1ZVvWVs7j",
    salt: "QSXCR+Q6sek8bf92",
    proof: "v0X8v3Bz2T0CJGbJQyF0X+HI4Ts=",
    verifier: "rmF9pqV8S7suAoZWja4dJRkFsKQ=",
  },
  "SHA-256": {
    clientNonce: "rOprNGfwEbeRWgbNEkqO",
    serverNonce: "%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0",
    salt: "W22ZaJ0SNY7soEsUEjb6gQ==",
    proof: "dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=",
    verifier: "6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=",
  },
};

function lookupFor(hash: ScramHash, passwords: string[]) {
  const salt = Buffer.from(VECTORS[hash].salt, "base64");
  return async (username: string) => ({
    salt,
    iterations: 4096,
    keys: username === "user" ? passwords.map((password) => deriveScramKey(hash, password, salt, 4096)) : [],
  });
}

describe.each(["SHA-1", "SHA-256"] as const)("SCRAM-%s", (hash) => {
  const vector = VECTORS[hash];
  const nonce = vector.clientNonce + vector.serverNonce;
  const clientFinal = `c=biws,r=${nonce},p=${vector.proof}`;

  it("answers the RFC's exchange with its server-first message and server signature", async () => {
    const exchange = createScramExchange(hash, lookupFor(hash, ["pencil"]), vector.serverNonce);
    expect(await exchange.start(`n,,n=user,r=${vector.clientNonce}`)).toEqual({
      kind: "challenge",
      data: `r=${nonce},s=${vector.salt},i=4096`,
    });
    expect(exchange.finish(clientFinal)).toEqual({ kind: "success", data: `v=${vector.verifier}`, username: "user", credentialIndex: 0 });
  });

  it("accepts the proof of any of the account's credentials (an app password beside the password)", async () => {
    const exchange = createScramExchange(hash, lookupFor(hash, ["app-password", "pencil"]), vector.serverNonce);
    await exchange.start(`n,,n=user,r=${vector.clientNonce}`);
    expect(exchange.finish(clientFinal)).toMatchObject({ kind: "success", credentialIndex: 1 });
  });

  it("refuses a wrong password, and an unknown name the same way after a salt like any other", async () => {
    const wrong = createScramExchange(hash, lookupFor(hash, ["not-pencil"]), vector.serverNonce);
    await wrong.start(`n,,n=user,r=${vector.clientNonce}`);
    expect(wrong.finish(clientFinal)).toEqual({ kind: "failure", condition: "not-authorized" });
    const unknown = createScramExchange(hash, lookupFor(hash, ["pencil"]), vector.serverNonce);
    expect(await unknown.start(`n,,n=nobody,r=${vector.clientNonce}`)).toMatchObject({ kind: "challenge" });
    expect(unknown.finish(clientFinal)).toEqual({ kind: "failure", condition: "not-authorized" });
  });

  it("refuses a changed nonce, channel binding data, a foreign authzid and a second attempt", async () => {
    const exchange = createScramExchange(hash, lookupFor(hash, ["pencil"]), vector.serverNonce);
    await exchange.start(`n,,n=user,r=${vector.clientNonce}`);
    expect(exchange.finish(`c=biws,r=${nonce}x,p=${vector.proof}`)).toEqual({ kind: "failure", condition: "malformed-request" });
    expect(exchange.finish(clientFinal)).toEqual({ kind: "failure", condition: "malformed-request" });
    const bound = createScramExchange(hash, lookupFor(hash, ["pencil"]), vector.serverNonce);
    expect(await bound.start(`p=tls-unique,,n=user,r=${vector.clientNonce}`)).toEqual({ kind: "failure", condition: "malformed-request" });
    const other = createScramExchange(hash, lookupFor(hash, ["pencil"]), vector.serverNonce);
    await other.start(`n,a=admin,n=user,r=${vector.clientNonce}`);
    expect(other.finish(`c=${Buffer.from("n,a=admin,").toString("base64")},r=${nonce},p=${vector.proof}`)).toEqual({
      kind: "failure",
      condition: "invalid-authzid",
    });
  });
});

it("decodes saslnames and refuses stray equals signs", () => {
  expect(decodeSaslName("a=2Cb=3Dc")).toBe("a,b=c");
  expect(decodeSaslName("a=b")).toBeNull();
});
