// Sending a command and getting its acknowledgement, with the same timeout everywhere. A
// command that gets no answer (the socket is down, the server is stuck) ends as an error the
// person can read, never as a promise that hangs.
import type { Ack, CommandArgs, CommandName, CommandResult, ProtocolError } from "@/lib/protocol";
import { ErrorCode } from "@/lib/protocol/errors";
import type { ClientSocket } from "./connection";

export type { CommandArgs, CommandName, CommandResult };

export const COMMAND_TIMEOUT_MS = 5_000;

export const NO_ANSWER: ProtocolError = {
  code: ErrorCode.internal,
  message: "The server did not answer. Check your connection and try again.",
};

type AckingSocket = Pick<ClientSocket, "timeout">;

/** The payload is typed by the command's schema (`z.input`); it may be left out where none is needed. */
export async function sendCommand<E extends CommandName>(
  socket: AckingSocket,
  event: E,
  ...[payload = {}]: CommandArgs<E>
): Promise<Ack<CommandResult<E>>> {
  try {
    // The typed emitter cannot resolve a generic event name; CommandResult types the answer.
    const timed = socket.timeout(COMMAND_TIMEOUT_MS) as unknown as {
      emitWithAck(event: E, payload: unknown): Promise<Ack<CommandResult<E>>>;
    };
    return await timed.emitWithAck(event, payload);
  } catch {
    return { ok: false, error: NO_ANSWER };
  }
}

/** The message of the issue at exactly `path` (e.g. `tuples.0.address`), if any. */
export function issueAt(error: ProtocolError | null | undefined, path: string): string | undefined {
  return error?.issues?.find((issue) => issue.path === path)?.message;
}
