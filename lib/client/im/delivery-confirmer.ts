// Tells the server which received messages reached this tab (`im:confirm-delivery`), so their
// senders see "delivered". Ids are batched for a moment (a catch-up brings hundreds at once) and
// kept until the server has them: what a dropped connection did not confirm goes out on the next.
import { MAX_MESSAGE_IDS } from "@/lib/protocol";
import { sendCommand } from "@/lib/client/connection/commands";
import type { ClientSocket } from "@/lib/client/connection/connection";

type ConfirmingSocket = Pick<ClientSocket, "timeout" | "connected">;

export function createDeliveryConfirmer(socket: ConfirmingSocket, delayMs = 100) {
  const pending = new Set<string>();
  let timer: ReturnType<typeof setTimeout> | undefined;

  const schedule = () => {
    clearTimeout(timer);
    timer = setTimeout(() => void flush(), delayMs);
  };

  async function flush() {
    clearTimeout(timer);
    timer = undefined;
    if (!socket.connected || pending.size === 0) return;
    const ids = [...pending].slice(0, MAX_MESSAGE_IDS);
    const ack = await sendCommand(socket, "im:confirm-delivery", { ids });
    if (!ack.ok) return; // kept: flushed again on the next connect
    for (const id of ids) pending.delete(id);
    if (pending.size > 0) schedule();
  }

  return {
    confirm(ids: Iterable<string>) {
      let added = false;
      for (const id of ids) {
        pending.add(id);
        added = true;
      }
      if (added) schedule();
    },
    flush,
    cancel: () => clearTimeout(timer),
  };
}
export type DeliveryConfirmer = ReturnType<typeof createDeliveryConfirmer>;
