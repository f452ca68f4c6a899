// A connection's frames leave in one write per turn of the event loop. ws writes every frame at
// once, and on loopback or a LAN each write is a system call and a packet the peer's kernel
// handles too: a tab told of 20 contacts connecting in one turn (a reconnect storm) cost 20 of
// each. Corking the socket at its first write of a turn and uncorking it once the turn's
// callbacks have run (setImmediate) sends them as one writev; a frame waits at most for the
// rest of the turn it was written in.
import { Socket as NetSocket, type Socket } from "node:net";

/** Sockets corked in this turn, uncorked together at its end. */
const held = new Set<Socket>();

function releaseAll() {
  const sockets = [...held];
  held.clear();
  for (const socket of sockets) socket.uncork();
}

/** Makes the writes to `socket` in each turn of the event loop leave as one. */
export function writePerTurn(socket: Socket) {
  const write = socket.write;
  socket.write = function (this: Socket, ...args: Parameters<Socket["write"]>) {
    if (!held.has(this) && !this.destroyed) {
      if (held.size === 0) setImmediate(releaseAll);
      held.add(this);
      this.cork();
    }
    return write.apply(this, args);
  } as Socket["write"];
}

/** The TCP socket under an engine.io transport, when it is a WebSocket (polling has none). */
export function socketOfTransport(transport: unknown): Socket | undefined {
  const { name, socket } = (transport ?? {}) as { name?: string; socket?: { _socket?: unknown } };
  const tcp = name === "websocket" ? socket?._socket : undefined;
  return tcp instanceof NetSocket ? tcp : undefined;
}
