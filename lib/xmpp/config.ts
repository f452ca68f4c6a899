// The XMPP endpoint's settings, from the validated environment (lib/env.ts): ports, domain,
// certificate, and whether SASL may run without TLS on loopback addresses.
import path from "node:path";
import type { ServerEnv } from "@/lib/env";

export type XmppConfig = {
  /** null: off. */
  port: number | null;
  tlsPort: number | null;
  host: string;
  domain: string;
  certFile: string;
  keyFile: string;
  /** Whether the files are the operator's (else generated once into the data folder). */
  operatorCertificate: boolean;
  allowPlaintext: boolean;
};

export function xmppConfig(env: ServerEnv): XmppConfig {
  const domain = env.XMPP_DOMAIN ?? (env.AUTH_URL ? new URL(env.AUTH_URL).hostname.toLowerCase() : "localhost");
  return {
    port: env.XMPP_PORT === "off" ? null : env.XMPP_PORT,
    tlsPort: env.XMPP_TLS_PORT === "off" ? null : env.XMPP_TLS_PORT,
    host: env.HOST,
    domain,
    certFile: env.XMPP_TLS_CERT ?? path.join(env.DATA_DIR, "xmpp-cert.pem"),
    keyFile: env.XMPP_TLS_KEY ?? path.join(env.DATA_DIR, "xmpp-key.pem"),
    operatorCertificate: env.XMPP_TLS_CERT !== undefined,
    allowPlaintext: env.XMPP_ALLOW_PLAINTEXT,
  };
}
