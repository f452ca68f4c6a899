// The floor buddylist is compared with: plain socket.io 4.8 on node:http, configured like
// lib/realtime/create-realtime.ts (path, buffer limit, ping timings) but with no auth, no
// storage and no rules. A client names its index in the handshake query and joins `user:<i>`;
// its "status" payload (a presence view as the real server would send it) is emitted as
// `presence:changed` to the same rooms the real server notifies: the sender's own room (its
// other tabs) and its contacts' rooms. Run by bench/run.ts with BENCH_CLIENTS, BENCH_CONTACTS.
import { createServer } from "node:http";
import { Server } from "socket.io";
import { contactsOf, type Shape } from "./workload";

const shape: Shape = { clients: Number(process.env.BENCH_CLIENTS), contacts: Number(process.env.BENCH_CONTACTS) };
const port = Number(process.env.PORT ?? 0);
const host = process.env.HOST ?? "127.0.0.1";

/** The rooms a change by user `index` goes to; precomputed so an emit does no arithmetic. */
const roomsOf = (index: number): string[] =>
  index < shape.clients
    ? [index, ...contactsOf(index, shape)].map((member) => `user:${member}`)
    : [`user:${index}`]; // the warm-up client, outside the ring

const httpServer = createServer();
const io = new Server(httpServer, {
  path: "/socket.io",
  serveClient: false,
  maxHttpBufferSize: 64 * 1024,
  pingInterval: 20_000,
  pingTimeout: 15_000,
});

io.on("connection", (socket) => {
  const index = Number(socket.handshake.query.i);
  if (!Number.isInteger(index) || index < 0 || index > shape.clients) {
    socket.disconnect(true);
    return;
  }
  const rooms = roomsOf(index);
  socket.join(`user:${index}`);
  socket.on("status", (view: unknown, ack: unknown) => {
    io.to(rooms).emit("presence:changed", view);
    // The real server acknowledges with the sender's own view; the floor does the same.
    if (typeof ack === "function") ack({ ok: true, data: view });
  });
});

httpServer.listen(port, host, () => {
  const address = httpServer.address();
  const actual = typeof address === "object" && address ? address.port : port;
  // The same shape of line the real server logs, so run.ts finds the port the same way.
  console.log(JSON.stringify({ port: actual, msg: "bare socket.io listening" }));
});

process.on("SIGTERM", () => {
  void io.close().then(() => process.exit(0));
});
