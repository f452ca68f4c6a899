// One test server with its XMPP port open (STARTTLS, domain localhost) for a test file, and the
// clients the file opened stopped before it stops.
import { afterAll, beforeAll } from "vitest";
import { freePort } from "../../free-port";
import { removeDataDir, startServer, type TestServer } from "../harness";

/** `env`: settings of this file's server beside the XMPP ones. */
export function xmppTestServer(env: Record<string, string> = {}) {
  let server: TestServer | undefined;
  let port = 0;
  const open: { stop(): Promise<void> }[] = [];
  beforeAll(async () => {
    port = await freePort();
    server = await startServer({ env: { ...env, XMPP_PORT: String(port), XMPP_TLS_PORT: "off", XMPP_DOMAIN: "localhost" } });
  });
  afterAll(async () => {
    await Promise.all(open.map((client) => client.stop()));
    await server?.stop();
    if (server) await removeDataDir(server.dataDir);
  });
  return {
    server: () => server!,
    port: () => port,
    /** Stops this client when the file is done. */
    track<T extends { stop(): Promise<void> }>(client: T): T {
      open.push(client);
      return client;
    },
  };
}
