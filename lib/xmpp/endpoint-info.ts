// What the settings page tells a person about this server's XMPP endpoint (address domain,
// ports, certificate fingerprint). server.ts publishes it once the listeners are up; pages
// rendered by Next.js' own copy of the modules read it through the process-wide singleton.
import { peekSingleton, setSingleton } from "@/lib/singleton";

export type XmppEndpointInfo = {
  domain: string;
  /** STARTTLS port; null when off or not bound. */
  port: number | null;
  /** Direct TLS port (XEP-0368); null when off or not bound. */
  tlsPort: number | null;
  /** The certificate's SHA-256 fingerprint, colon-separated hex as apps show it. */
  fingerprint256: string;
};

const NAME = "xmppEndpoint";

/** null: XMPP is off (or no port could be bound). */
export function publishXmppEndpoint(info: XmppEndpointInfo | null): void {
  const listening = info && (info.port !== null || info.tlsPort !== null);
  setSingleton<XmppEndpointInfo>(NAME, listening ? { domain: info.domain, port: info.port, tlsPort: info.tlsPort, fingerprint256: info.fingerprint256 } : undefined);
}

export function xmppEndpointInfo(): XmppEndpointInfo | null {
  return peekSingleton<XmppEndpointInfo>(NAME) ?? null;
}
