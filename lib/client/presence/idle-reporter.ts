// Reports this tab's idleness to the presence service, which turns an idle device `away`
// (unless the person chose busy).
import { IDLE_AFTER_MS } from "@/lib/protocol";
import { sendCommand } from "@/lib/client/connection/commands";
import type { ClientSocket } from "@/lib/client/connection/connection";
import { watchIdle } from "./idle-detector";

export function reportIdle(socket: ClientSocket): () => void {
  let idle = false;
  const report = () => void sendCommand(socket, "presence:set-idle", { idle });
  const stop = watchIdle({
    idleAfterMs: IDLE_AFTER_MS,
    onChange(next) {
      idle = next;
      // While disconnected the next session:ready reports it instead.
      if (socket.connected) report();
    },
  });
  // Each connection may be a fresh device tuple (never idle) or a tuple kept through a reload
  // (idle or not): say where this tab stands once its tuple exists. Unchanged is a no-op.
  socket.on("session:ready", report);
  return () => {
    stop();
    socket.off("session:ready", report);
  };
}
