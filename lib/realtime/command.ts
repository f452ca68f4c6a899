// Turns a service call into a socket command handler: validate the payload with its schema,
// call the service as the socket's user, acknowledge with `{ ok, data }` or `{ ok, error }`.
// Invalid input gets `invalid_payload` with the field issues and reaches no service.
import type { z } from "zod";
import type { Logger } from "@/lib/log";
import { type Ack, ErrorCode, internalError, issuesOf, ServiceError } from "@/lib/protocol";
import type { AppSocket } from "./types";

export function command<S extends z.ZodType, R>(
  socket: AppSocket,
  logger: Logger,
  event: string,
  schema: S,
  run: (input: z.infer<S>) => Promise<R> | R,
) {
  return async (payload: unknown, ack: unknown) => {
    // A client that does not ask for an answer gets none, but the command is still checked.
    const reply = typeof ack === "function" ? (ack as (response: Ack<R>) => void) : () => {};
    const parsed = schema.safeParse(payload);
    if (!parsed.success) {
      reply({
        ok: false,
        error: { code: ErrorCode.invalid_payload, message: "The request is not valid.", issues: issuesOf(parsed.error) },
      });
      return;
    }
    try {
      reply({ ok: true, data: await run(parsed.data) });
    } catch (error) {
      if (error instanceof ServiceError) {
        reply({ ok: false, error: error.toProtocol() });
        return;
      }
      logger.error({ err: error, event, socketId: socket.id, userId: socket.data.user.id }, "command failed");
      reply({ ok: false, error: internalError });
    }
  };
}
