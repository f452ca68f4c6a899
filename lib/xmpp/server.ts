// The XMPP listeners: client connections with STARTTLS on XMPP_PORT and direct TLS (XEP-0368)
// on XMPP_TLS_PORT, beside the web server, and XMPP over WebSocket on the web port. A port that cannot be bound is logged and skipped:
// the web app runs without XMPP rather than not at all.
import { createServer, type Server, type Socket } from "node:net";
import { createSecureContext, createServer as createTlsServer } from "node:tls";
import type { Logger } from "@/lib/log";
import type { AppServices } from "@/lib/services";
import { loadCertificate } from "./certificate";
import type { XmppConfig } from "./config";
import { handleConnection } from "./connection";
import { createResumption } from "./resumption";
import { createXmppWebSocket, type XmppWebSocket } from "./websocket";

export type XmppEndpoint = {
  port: number | null;
  tlsPort: number | null;
  domain: string;
  /** The certificate's SHA-256 fingerprint, as people compare it in their apps. */
  fingerprint256: string;
  /** RFC 7395 on the web server's upgrades (server.ts routes /xmpp-websocket here). */
  websocket: XmppWebSocket;
  close(): Promise<void>;
};

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.removeListener("error", reject);
      const address = server.address();
      resolve(typeof address === "object" && address ? address.port : port);
    });
  });
}

export async function startXmpp(services: AppServices, config: XmppConfig, logger: Logger): Promise<XmppEndpoint | null> {
  if (config.port === null && config.tlsPort === null) return null;
  const log = logger.child({ component: "xmpp" });
  const certificate = await loadCertificate(config);
  const secureContext = createSecureContext({ cert: certificate.cert, key: certificate.key });
  const connections = new Set<{ shutdown(): void }>();
  // A dropped session may be resumed as long as a closed tab's device tuple stays open.
  const resumption = createResumption(services.env.PRESENCE_GRACE_MS);
  const deps = { services, config, secureContext, resumption, logger: log };
  const websocket = createXmppWebSocket(deps);
  const accept = (socket: Socket, directTls: boolean) => {
    const connection = handleConnection(socket, deps, directTls);
    connections.add(connection);
    socket.on("close", () => connections.delete(connection));
  };

  const servers: Server[] = [];
  async function start(port: number | null, server: Server, name: string): Promise<number | null> {
    if (port === null) return null;
    try {
      const bound = await listen(server, port, config.host);
      servers.push(server);
      return bound;
    } catch (error) {
      log.error({ err: error, port }, `XMPP ${name} not started: port ${port} could not be bound (${(error as Error).message})`);
      return null;
    }
  }
  const port = await start(config.port, createServer((socket) => accept(socket, false)), "(STARTTLS)");
  const tlsPort = await start(
    config.tlsPort,
    // The key pair itself: tls.createServer ignores a `secureContext` option and would then offer no certificate.
    createTlsServer({ cert: certificate.cert, key: certificate.key, ALPNProtocols: ["xmpp-client"] }, (socket) => accept(socket, true)),
    "(direct TLS)",
  );
  // Field names differ from the web server's start line ("port" … "listening"), which tools wait for.
  log.info({ xmppPort: port, xmppTlsPort: tlsPort, domain: config.domain, fingerprint: certificate.fingerprint256 }, "XMPP endpoint up");
  return {
    port,
    tlsPort,
    domain: config.domain,
    fingerprint256: certificate.fingerprint256,
    websocket,
    async close() {
      for (const connection of connections) connection.shutdown();
      websocket.close();
      resumption.finishAll();
      await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
    },
  };
}
