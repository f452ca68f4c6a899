// The XMPP endpoint's TLS certificate: the operator's files, or a self-signed one generated
// once into the data folder (as AUTH_SECRET is), for the configured domain. Its SHA-256
// fingerprint is what a person compares in their XMPP app (shown in settings).
import { X509Certificate } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { generate } from "selfsigned";
import type { XmppConfig } from "./config";

export type XmppCertificate = { cert: string; key: string; fingerprint256: string };

const TEN_YEARS_MS = 10 * 366 * 24 * 60 * 60 * 1000;

export async function loadCertificate(config: Pick<XmppConfig, "certFile" | "keyFile" | "operatorCertificate" | "domain">): Promise<XmppCertificate> {
  if (!config.operatorCertificate && !existsSync(config.certFile)) {
    mkdirSync(path.dirname(config.certFile), { recursive: true });
    const pems = await generate([{ name: "commonName", value: config.domain }], {
      keyType: "ec",
      algorithm: "sha256",
      notAfterDate: new Date(Date.now() + TEN_YEARS_MS),
      extensions: [{ name: "subjectAltName", altNames: [{ type: 2, value: config.domain }] }],
    });
    writeFileSync(config.keyFile, pems.private, { mode: 0o600 });
    writeFileSync(config.certFile, pems.cert);
  }
  const cert = readFileSync(config.certFile, "utf8");
  const key = readFileSync(config.keyFile, "utf8");
  return { cert, key, fingerprint256: new X509Certificate(cert).fingerprint256 };
}
