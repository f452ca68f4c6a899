// The socket.io server of the presence and IM services: authenticated handshakes, one room
// per account and per session, validated commands. server.ts only wires this to HTTP.
import { type Server as HttpServer, ServerResponse } from "node:http";
import { createShardedAdapter } from "@socket.io/redis-adapter";
import { Server } from "socket.io";
import { clientAddress } from "@/lib/auth/request-meta";
import type { Logger } from "@/lib/log";
import { observeBroadcasts } from "@/lib/metrics/broadcasts";
import { MAX_SOCKET_PAYLOAD_BYTES, PROTOCOL_VERSION } from "@/lib/protocol";
import type { AppServices } from "@/lib/services";
import { authMiddleware } from "./auth-middleware";
import { originAllowed } from "./origin";
import { answeredByDispatcher, commandDispatcher } from "./command";
import type { CommandContext } from "./handlers/context";
import { commandTable } from "./handlers";
import { jsonParser } from "./json-encoder";
import { type AppServer, type AppSocket, sessionRoom, userRoom } from "./types";
import { socketOfTransport, writePerTurn } from "./write-per-turn";

export function createRealtime(httpServer: HttpServer, services: AppServices): AppServer {
  const logger: Logger = services.logger.child({ component: "realtime" });
  const io: AppServer = new Server(httpServer, {
    path: "/socket.io",
    serveClient: false,
    // Frames above this size close the connection before they are parsed.
    maxHttpBufferSize: MAX_SOCKET_PAYLOAD_BYTES,
    // Packets are written as JSON text without a search for binary data (json-encoder.ts).
    parser: jsonParser,
    pingInterval: 20_000,
    pingTimeout: 15_000,
    // Browsers send their page's origin: a handshake from another site's page is refused.
    allowRequest: (request, callback) => callback(null, originAllowed(request.headers, services.env.ALLOWED_ORIGINS, services.env.TRUST_PROXY)),
  });

  // In a cluster, rooms span every instance: an emit here reaches sockets on all of them. Each
  // room is a channel of its own, subscribed by the instances where it has a socket, so an emit
  // to an account reaches only the instances its tabs are connected to.
  let roomsLive: (rooms: string[]) => Promise<void> = async () => {};
  if (services.redis) {
    const { command, prefix } = services.redis;
    const channelPrefix = `${prefix}socket.io`;
    const roomSubscriber = command.duplicate();
    io.adapter(createShardedAdapter(command.duplicate(), roomSubscriber, { channelPrefix, subscriptionMode: "dynamic" }));
    // The adapter subscribes to a new room's channel without waiting for the answer. The same
    // subscription again, on the same connection, is answered after it: then the room is live.
    roomsLive = async (rooms) => void (await roomSubscriber.ssubscribe(...rooms.map((room) => `${channelPrefix}#/#${room}#`)));
  }

  // engine.io stands a response object in for a WebSocket upgrade, and its TCP socket's close
  // listener keeps that object, and through it the upgrade request (raw headers with the session
  // cookie, parser state: about 2 KB), for the connection's life. Nothing reads it past here.
  io.engine.use((_request: unknown, response: unknown, next: () => void) => {
    if (!(response instanceof ServerResponse)) (response as { req: unknown }).req = null;
    next();
  });

  // Each connection's frames leave in one write per turn of the event loop.
  io.engine.on("connection", (connection: { transport: unknown; once(event: "upgrade", listener: (transport: unknown) => void): void }) => {
    const tcp = socketOfTransport(connection.transport);
    if (tcp) writePerTurn(tcp);
    else connection.once("upgrade", (transport) => {
      const upgraded = socketOfTransport(transport);
      if (upgraded) writePerTurn(upgraded);
    });
  });

  io.use(
    authMiddleware({ accounts: services.accounts, accessTokens: services.accessTokens, authSecret: services.env.AUTH_SECRET }),
  );
  // With metrics on, every command, broadcast and connection is measured here, in one place.
  const { metrics } = services;
  if (metrics) {
    observeBroadcasts(io.of("/").adapter, metrics.broadcast);
    const redis = services.redis?.command;
    metrics.readGaugesFrom({
      sockets: () => io.of("/").sockets.size,
      devices: () => services.presence.connectedClients(),
      presentities: () => services.presence.presentitiesHeld(),
      redisPing: redis
        ? async () => {
            const started = performance.now();
            await redis.ping();
            return (performance.now() - started) / 1000;
          }
        : undefined,
    });
  }
  const contexts = new WeakMap<AppSocket, CommandContext>();
  const dispatch = commandDispatcher(commandTable, (socket) => contexts.get(socket), metrics?.command);
  io.on("connection", (socket) => void onConnection(socket));
  services.notifier.attach(io);

  // Accounts suspended from the admin terminal (another process) lose their sockets here too.
  const stopSuspensionWatch = services.admin.watchSuspensions((error) => logger.warn({ err: error }, "suspension check failed"));
  httpServer.on("close", stopSuspensionWatch);

  async function onConnection(socket: AppSocket) {
    const { user } = socket.data;
    logger.info({ connectionId: socket.id, userId: user.id, transport: socket.conn.transport.name }, "socket connected");
    metrics?.socketOpened();

    const device = services.presence.connectDevice(user, {
      deviceId: socket.data.deviceId || undefined,
      label: socket.data.deviceLabel,
    });
    const { headers, address: remoteAddress } = socket.handshake;
    const address = clientAddress(headers["x-forwarded-for"], remoteAddress, services.env.TRUST_PROXY);
    // The handshake is read only up to here. The socket would keep it for life: the request it
    // came in (socket.io's memory advice), its headers (a browser's run to a kilobyte or two)
    // and its credentials (the session cookie, an access token).
    (socket.conn as { request: unknown }).request = null;
    socket.handshake.headers = {};
    socket.handshake.auth = {};
    // Commands before any await, so no command sent right after the handshake is lost.
    const context: CommandContext = { io, socket, user, services, logger, device, address };
    contexts.set(socket, context);
    socket.onAny(dispatch);
    socket.use(answeredByDispatcher);

    // Registered before any await, so a socket that drops during setup still closes its tuple.
    socket.on("disconnect", (reason) => {
      logger.info({ connectionId: socket.id, userId: user.id, reason }, "socket disconnected");
      metrics?.socketClosed(reason);
      device.then((deviceId) => services.presence.disconnectDevice(user.id, deviceId)).catch(() => {});
      for (const username of context.follows ?? []) void services.presence.unfollow(user, username).catch(() => {});
    });
    try {
      socket.data.deviceId = await device;
      const rooms = [userRoom(user.id), sessionRoom(user.sessionId)];
      socket.join(rooms);
      await roomsLive(rooms);
      socket.emit("session:ready", {
        user: { id: user.id, username: user.username, displayName: user.displayName },
        deviceId: socket.data.deviceId,
        protocolVersion: PROTOCOL_VERSION,
        serverTime: new Date().toISOString(),
      });
      // The snapshots every (re)connect starts from; notifications follow. They are taken after
      // joining the rooms, so nothing that happens meanwhile can fall between the two.
      // Its views are in the snapshot: this tab is not also sent each as a notification.
      socket.emit("buddylist:snapshot", await services.subscriptions.snapshot(user.id, socket.id));
      socket.emit("im:snapshot", await services.inbox.snapshot(user));
      socket.emit("groupchat:snapshot", await services.groups.snapshot(user));
    } catch (error) {
      logger.error({ err: error, connectionId: socket.id, userId: user.id }, "connection setup failed");
      socket.disconnect(true);
    }
  }

  return io;
}
