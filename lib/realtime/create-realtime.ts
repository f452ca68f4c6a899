// The socket.io server of the presence and IM services: authenticated handshakes, one room
// per account and per session, validated commands. server.ts only wires this to HTTP.
import type { Server as HttpServer } from "node:http";
import { randomUUID } from "node:crypto";
import { Server } from "socket.io";
import type { Logger } from "@/lib/log";
import { MAX_SOCKET_PAYLOAD_BYTES, PROTOCOL_VERSION } from "@/lib/protocol";
import type { AppServices } from "@/lib/services";
import { authMiddleware } from "./auth-middleware";
import type { HandlerContext } from "./handlers/context";
import { registerProfileHandlers } from "./handlers/profile";
import { type AppServer, sessionRoom, userRoom } from "./types";

export function createRealtime(httpServer: HttpServer, services: AppServices): AppServer {
  const logger: Logger = services.logger.child({ component: "realtime" });
  const io: AppServer = new Server(httpServer, {
    path: "/socket.io",
    serveClient: false,
    // Frames above this size close the connection before they are parsed.
    maxHttpBufferSize: MAX_SOCKET_PAYLOAD_BYTES,
    pingInterval: 20_000,
    pingTimeout: 15_000,
  });

  io.use(authMiddleware({ accounts: services.accounts, authSecret: services.env.AUTH_SECRET }));

  io.on("connection", (socket) => {
    const { user } = socket.data;
    socket.data.deviceId = randomUUID();
    const connectionLog = logger.child({ connectionId: socket.id, userId: user.id });
    connectionLog.info({ transport: socket.conn.transport.name }, "socket connected");
    socket.join([userRoom(user.id), sessionRoom(user.sessionId)]);

    const context: HandlerContext = { io, socket, services, logger: connectionLog };
    registerProfileHandlers(context);

    socket.on("disconnect", (reason) => connectionLog.info({ reason }, "socket disconnected"));
    socket.emit("session:ready", {
      user: { id: user.id, username: user.username, displayName: user.displayName },
      protocolVersion: PROTOCOL_VERSION,
      serverTime: new Date().toISOString(),
    });
  });

  return io;
}
