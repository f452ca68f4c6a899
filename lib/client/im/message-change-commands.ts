// The commands that change a message already stored (react, edit, delete for everyone). Each
// gets a client id once and is sent again with it while there is no answer (the server applies
// it once); the answer, the message as it is now, goes into the store at once.
import type { InstantMessage, ProtocolError } from "@/lib/protocol";
import { NO_ANSWER, sendCommand } from "@/lib/client/connection/commands";
import type { ClientSocket } from "@/lib/client/connection/connection";
import { newClientId } from "./client-id";
import type { InboxStore } from "./inbox-store";

type ChangeSocket = Pick<ClientSocket, "timeout" | "connected">;

/** Attempts while the server does not answer. */
const ATTEMPTS = 3;

export type ChangeResult = { ok: true; message: InstantMessage } | { ok: false; error: ProtocolError };

export function createMessageChangeCommands(socket: ChangeSocket, store: InboxStore) {
  async function run(send: (clientId: string) => ReturnType<typeof sendCommand<"im:react">>): Promise<ChangeResult> {
    const clientId = newClientId();
    let error: ProtocolError = NO_ANSWER;
    for (let attempt = 0; attempt < ATTEMPTS; attempt += 1) {
      const ack = await send(clientId);
      if (ack.ok) {
        store.dispatch({ type: "changed", message: ack.data });
        return { ok: true, message: ack.data };
      }
      error = ack.error;
      if (ack.error !== NO_ANSWER) break;
    }
    return { ok: false, error };
  }
  return {
    react: (messageId: string, emoji: string, on: boolean) =>
      run((clientId) => sendCommand(socket, "im:react", { messageId, emoji, on, clientId })),
    edit: (messageId: string, body: string) => run((clientId) => sendCommand(socket, "im:edit", { messageId, body, clientId })),
    retract: (messageId: string) => run((clientId) => sendCommand(socket, "im:retract", { messageId, clientId })),
  };
}
export type MessageChangeCommands = ReturnType<typeof createMessageChangeCommands>;
