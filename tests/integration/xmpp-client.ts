// An XMPP account in tests: @xmpp/client (xmpp.js, a client library nobody here wrote) signed in
// to the test server over TCP with STARTTLS, recording what arrives.
import { client, xml, type Client } from "@xmpp/client";
import type { Element } from "@xmpp/xml";

// The test server's certificate is the self-signed one it generated: there is no CA to check it with.
process.env.NODE_TLS_REJECT_UNAUTHORIZED = "0";

export type XmppTestClient = {
  xmpp: Client;
  jid: string;
  received: Element[];
  /** Everything else the server sent (stream features, stream management). */
  nonzas: Element[];
  /** Resolves with the first stanza (already received or still to come) that matches. */
  waitFor(match: (stanza: Element) => boolean, timeoutMs?: number): Promise<Element>;
  /** Resolves once the server sent a nonza (not a stanza) that matches. */
  waitForNonza(match: (element: Element) => boolean): Promise<Element>;
  iq(type: "get" | "set", payload: Element, to?: string): Promise<Element>;
  send(stanza: Element): Promise<void>;
  stop(): Promise<void>;
};

export async function xmppClient(
  port: number,
  username: string,
  password: string,
  /** `service`: another address than TCP on `port` (a ws:// URL). */
  options: { mechanism?: "PLAIN" | "SCRAM-SHA-1"; resource?: string; service?: string; domain?: string; timeoutMs?: number } = {},
): Promise<XmppTestClient> {
  const xmpp = client({
    service: options.service ?? `xmpp://127.0.0.1:${port}`,
    domain: options.domain ?? "localhost",
    // xmpp.js gives each handshake step 2 s by default: too little on a loaded machine (a reconnection).
    timeout: options.timeoutMs ?? 10_000,
    resource: options.resource ?? "test",
    credentials: async (authenticate: (credentials: unknown, mechanism: string) => Promise<void>, mechanisms: string[]) =>
      authenticate({ username, password }, options.mechanism ?? mechanisms[0]!),
  }) as Client;
  const received: Element[] = [];
  const nonzas: Element[] = [];
  xmpp.on("nonza", (element: Element) => nonzas.push(element));
  const waiters = new Set<{ match: (stanza: Element) => boolean; resolve: (stanza: Element) => void }>();
  xmpp.on("stanza", (stanza: Element) => {
    received.push(stanza);
    for (const waiter of waiters) {
      if (waiter.match(stanza)) {
        waiters.delete(waiter);
        waiter.resolve(stanza);
      }
    }
  });
  xmpp.on("error", () => {});
  const address = await xmpp.start();
  return {
    xmpp,
    jid: address.toString(),
    received,
    nonzas,
    waitFor(match, timeoutMs = 5_000) {
      const found = received.find(match);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const waiter = { match, resolve: (stanza: Element) => (clearTimeout(timer), resolve(stanza)) };
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          reject(new Error(`no matching stanza within ${timeoutMs} ms; got:\n${received.map(String).join("\n")}`));
        }, timeoutMs);
        waiters.add(waiter);
      });
    },
    waitForNonza(match) {
      const found = nonzas.find(match);
      if (found) return Promise.resolve(found);
      return new Promise((resolve) => {
        const listener = (element: Element) => {
          if (!match(element)) return;
          xmpp.removeListener("nonza", listener);
          resolve(element);
        };
        xmpp.on("nonza", listener);
      });
    },
    iq(type, payload, to) {
      return xmpp.iqCaller.request(xml("iq", { type, to }, payload)) as Promise<Element>;
    },
    send: (stanza) => xmpp.send(stanza),
    stop: async () => {
      await xmpp.stop().catch(() => {});
    },
  };
}

export { xml };
