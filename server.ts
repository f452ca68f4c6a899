// buddylist's one process: a single HTTP server that serves the Next.js app and the socket.io
// presence and IM services on the same port. `npm run dev` runs it with hot reload,
// `npm start` in production (building first when needed).
import "@/lib/process/heap-growth";
import { randomUUID } from "node:crypto";
import { EventEmitter } from "node:events";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { hostname } from "node:os";
import type { Duplex } from "node:stream";
import next from "next";
import { CLIENT_ADDRESS_HEADER, clientAddress } from "@/lib/auth/request-meta";
import { checkRedisVersion, connectRedis } from "@/lib/cluster/redis";
import { createRedisCluster } from "@/lib/cluster/redis-cluster";
import { closeDb, getDb, prepareDatabase } from "@/lib/db/client";
import { setSearchIndexer } from "@/lib/db/search-index";
import { startSearchIndexer } from "@/lib/db/search-indexer";
import { startSqliteWriter } from "@/lib/db/sqlite-writer";
import { setWriter } from "@/lib/db/transactions";
import { applyMigrations } from "@/lib/db/migrate";
import { databaseProvider, getEnv, sqliteFilePath } from "@/lib/env";
import { declaredBodyTooLarge, EDGE_REFUSALS, FORWARDED_HEADERS, pathDecodes, undeclaredPageBody } from "@/lib/http/edge";
import { createUploads } from "@/lib/http/uploads";
import { createLogger } from "@/lib/log";
import { isMetricsRequest, parseListenAddress, serveMetrics } from "@/lib/metrics/endpoint";
import { createMetrics } from "@/lib/metrics/metrics";
import { ErrorCode } from "@/lib/protocol";
import { createRealtime } from "@/lib/realtime/create-realtime";
import { createServices, registerServices } from "@/lib/services";
import { xmppConfig } from "@/lib/xmpp/config";
import { publishXmppEndpoint } from "@/lib/xmpp/endpoint-info";
import { isHostMetaRequest, serveHostMeta } from "@/lib/xmpp/host-meta";
import { startXmpp } from "@/lib/xmpp/server";
import { createXmppFiles } from "@/lib/xmpp/xmpp-files";

/** How long a graceful shutdown may take before the process exits anyway. */
const SHUTDOWN_TIMEOUT_MS = 10_000;

/** How much of a refused body is still read (and dropped) so the client sees the answer. */
const DISCARD_AFTER_REFUSAL_BYTES = 1024 * 1024;

/** An answer given without Next.js, in the shape of every HTTP error (docs/protocol.md). */
function refuse(req: IncomingMessage, res: ServerResponse, { status, code, message }: { status: number; code: ErrorCode; message: string }) {
  // Closing a connection with unread data resets it, and the client may lose the answer:
  // read on, dropping what comes, up to a point.
  let discarded = 0;
  req.on("data", (chunk: Buffer) => {
    discarded += chunk.length;
    if (discarded > DISCARD_AFTER_REFUSAL_BYTES) req.destroy();
  });
  res.writeHead(status, {
    "Content-Type": "application/json; charset=utf-8",
    "X-Content-Type-Options": "nosniff",
    "Cache-Control": "no-store",
    // A body may still be arriving; the connection is not worth keeping for it.
    Connection: "close",
  });
  res.end(JSON.stringify({ error: { code, message } }));
}

async function main() {
  const env = getEnv();
  const logger = createLogger(env.LOG_LEVEL);
  const dev = env.NODE_ENV !== "production";

  const applied = await applyMigrations(env.DATABASE_URL, { log: (message) => logger.info(message) });
  if (applied.length > 0) logger.info({ applied }, "database migrated");
  // Measured only when the operator asked for the metrics; otherwise nothing is timed.
  const metrics = env.METRICS_TOKEN || env.METRICS_ADDRESS ? createMetrics() : undefined;
  const timeQuery = metrics?.queryTimer(databaseProvider(env.DATABASE_URL));
  const db = getDb({ timeQuery });
  await prepareDatabase(db, env.DATABASE_URL);
  const sqliteFile = databaseProvider(env.DATABASE_URL) === "sqlite" ? sqliteFilePath(env.DATABASE_URL) : undefined;
  // Messages and delivery confirmations are written on a thread of their own (sqlite-writer.ts).
  const writer = sqliteFile
    ? await startSqliteWriter(db, sqliteFile, {
        timer: timeQuery,
        // The indexer's thread checkpoints: here a checkpoint would hold up the sends queued behind it.
        checkpointMs: 0,
        onError: (message) => logger.error({ err: message }, "SQLite writer failed"),
      })
    : undefined;
  setWriter(db, writer);
  // The full-text index: a file and a thread of its own, so its merges never delay a send; the
  // same thread checkpoints the database's log (search-indexer.ts).
  const searchIndexer = sqliteFile
    ? await startSearchIndexer(sqliteFile, { checkpointMs: 100, onError: (message) => logger.error({ err: message }, "search indexer failed") })
    : undefined;
  if (searchIndexer) {
    setSearchIndexer(db, searchIndexer, {
      onLate: (ms) => logger.warn({ ms: Math.round(ms) }, "search ran before the index caught up"),
      timer: timeQuery,
    });
  }

  // A cluster of instances shares presence through Redis; alone, everything stays in memory.
  const redis = env.REDIS_URL ? connectRedis(env.REDIS_URL, env.REDIS_PREFIX, logger.child({ component: "redis" })) : undefined;
  if (redis) await checkRedisVersion(redis.command, logger.child({ component: "redis" }));
  const instanceId = env.INSTANCE_ID ?? `${hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`;
  const cluster = redis
    ? createRedisCluster({ redis, instanceId, logger: logger.child({ component: "cluster", instanceId }) })
    : undefined;
  const services = createServices({ db, env, logger, redis, cluster, metrics });
  registerServices(services);
  const uploads = createUploads({
    attachments: services.attachments,
    accounts: services.accounts,
    accessTokens: services.accessTokens,
    authSecret: env.AUTH_SECRET,
    dataDir: env.DATA_DIR,
    lifetimeMs: env.ATTACHMENT_UPLOAD_HOURS * 60 * 60 * 1000,
    logger: logger.child({ component: "uploads" }),
  });
  const xmppFiles = createXmppFiles({ attachments: services.attachments, secret: env.AUTH_SECRET, logger: logger.child({ component: "xmpp-files" }) });
  const stopSweeping = services.attachments.startSweeping((ids) => uploads.forget(ids));

  // Next.js hooks the `upgrade` event of the server its first request came through, then runs
  // its routing for every WebSocket upgrade — all of socket.io's. It needs that only for hot
  // reload in development; in production it gets a stand-in server that never upgrades.
  const app = next({
    dev,
    dir: process.cwd(),
    port: env.PORT,
    httpServer: dev ? undefined : (new EventEmitter() as unknown as Server),
  });
  const handle = app.getRequestHandler();
  await app.prepare();

  const httpLog = logger.child({ component: "http" });
  const metricsHandler = metrics && serveMetrics(metrics.registry, env.METRICS_TOKEN);
  // On an address of their own, the metrics are not served on the main port at all.
  const metricsServer = metricsHandler && env.METRICS_ADDRESS
    ? createServer((req, res) => (isMetricsRequest(req.url) ? metricsHandler(req, res) : res.writeHead(404).end()))
    : undefined;
  const metricsHere = metricsHandler && !metricsServer ? metricsHandler : undefined;
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const requestId = randomUUID();
    const started = process.hrtime.bigint();
    // Code behind this point reads the client address from our header only.
    req.headers[CLIENT_ADDRESS_HEADER] = clientAddress(req.headers["x-forwarded-for"], req.socket.remoteAddress, env.TRUST_PROXY);
    if (!env.TRUST_PROXY) for (const name of FORWARDED_HEADERS) delete req.headers[name];
    res.setHeader("X-Request-Id", requestId);
    res.on("finish", () => {
      const path = (req.url ?? "").split("?")[0];
      const line = {
        requestId,
        method: req.method,
        path,
        status: res.statusCode,
        ms: Number(process.hrtime.bigint() - started) / 1e6,
      };
      // Static assets would drown the log; they are debug-level.
      if (path?.startsWith("/_next/")) httpLog.debug(line, "request");
      else httpLog.info(line, "request");
    });
    // Refused here, before Next.js: its route matching fails on such a path (a 500), and it
    // would read a body it is going to refuse.
    if (!pathDecodes(req.url ?? "/")) return refuse(req, res, EDGE_REFUSALS.brokenPath);
    if (metricsHere && isMetricsRequest(req.url)) return metricsHere(req, res);
    if (xmpp && isHostMetaRequest(req.url)) return serveHostMeta(req, res, env);
    // XEP-0363 uploads stream bodies up to the size their slot announced (lib/xmpp/xmpp-files.ts).
    if (xmpp && xmppFiles.handles(req.url)) return void xmppFiles.handle(req, res);
    // Uploads stream large bodies, bounded by the size each upload announced (lib/http/uploads.ts).
    if (uploads.handles(req.url)) return void uploads.handle(req, res);
    if (declaredBodyTooLarge(req.headers["content-length"])) return refuse(req, res, EDGE_REFUSALS.bodyTooLarge);
    // Pages only, so not among the API's refusals.
    if (undeclaredPageBody(req.url ?? "/", req.headers)) {
      return refuse(req, res, { status: 411, code: ErrorCode.invalid_payload, message: "Send the body with a Content-Length." });
    }
    void handle(req, res);
  });

  const io = createRealtime(server, services);
  // Beside the web app; a port it cannot bind is logged, and the web app starts anyway.
  const xmpp = await startXmpp(services, xmppConfig(env), logger).catch((error: unknown) => {
    logger.error({ err: error }, "XMPP not started");
    return null;
  });
  // For the settings page (what to enter in an XMPP app).
  publishXmppEndpoint(xmpp);

  // socket.io takes the upgrades on its own path; XMPP over WebSocket (RFC 7395) takes its one.
  server.on("upgrade", (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (xmpp?.websocket.handles(req.url)) xmpp.websocket.upgrade(req, socket, head);
  });

  await new Promise<void>((resolve) => server.listen(env.PORT, env.HOST, resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : env.PORT;
  if (metricsServer && env.METRICS_ADDRESS) {
    const { host, port: metricsPort } = parseListenAddress(env.METRICS_ADDRESS);
    await new Promise<void>((resolve, reject) => {
      metricsServer.once("error", reject);
      metricsServer.listen(metricsPort, host, resolve);
    });
    const bound = metricsServer.address();
    logger.info({ metricsAddress: typeof bound === "object" && bound ? `${bound.address}:${bound.port}` : env.METRICS_ADDRESS }, "metrics served");
  }
  logger.info(
    { port, host: env.HOST, dev, database: env.DATABASE_URL.split(":")[0], cluster: redis ? instanceId : null },
    `buddylist listening on http://localhost:${port}`,
  );

  let stopping = false;
  async function shutdown(signal: string) {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "shutting down");
    const force = setTimeout(() => {
      logger.error("shutdown timed out; exiting");
      process.exit(1);
    }, SHUTDOWN_TIMEOUT_MS);
    force.unref();
    // Stop accepting, tell clients why, close sockets, then flush and close storage.
    server.close();
    server.closeIdleConnections();
    metricsServer?.close();
    metricsServer?.closeAllConnections();
    io.emit("session:ended", { reason: "shutdown" });
    await xmpp?.close();
    await io.close();
    stopSweeping();
    await services.close();
    await app.close?.();
    registerServices(undefined);
    await redis?.close();
    setWriter(db, undefined);
    await writer?.stop();
    setSearchIndexer(db, undefined);
    await searchIndexer?.stop();
    await closeDb();
    logger.info("stopped");
    logger.flush();
    process.exit(0);
  }
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
