// Turns service calls into socket command handlers: validate the payload with its schema,
// call the service as the socket's user, acknowledge with `{ ok, data }` or `{ ok, error }`.
// Invalid input gets `invalid_payload` with the field issues and reaches no service.
import type { z } from "zod";
import type { Logger } from "@/lib/log";
import { type Ack, type ClientToServerEvents, ErrorCode, internalError, isServiceError, issuesOf } from "@/lib/protocol";
import type { AppSocket } from "./types";

type ResultOf<E extends keyof ClientToServerEvents> =
  Parameters<Parameters<ClientToServerEvents[E]>[1]>[0] extends Ack<infer R> ? R : never;

type CommandDefinition<R> = { schema: z.ZodType; run: (input: never) => Promise<R> | R };

/** A command's schema and what it does with the validated input. */
export function handle<S extends z.ZodType, R>(schema: S, run: (input: z.output<S>) => Promise<R> | R) {
  return { schema, run: run as (input: never) => Promise<R> | R };
}

export type CommandTable = { [E in keyof ClientToServerEvents]?: CommandDefinition<ResultOf<E>> };

export function registerCommands(socket: AppSocket, logger: Logger, table: CommandTable) {
  for (const [event, definition] of Object.entries(table) as [keyof ClientToServerEvents, CommandDefinition<unknown>][]) {
    socket.on(event, async (payload: unknown, ack: unknown) => {
      // A client that does not ask for an answer gets none, but the command is still checked.
      const reply = typeof ack === "function" ? (ack as (response: Ack<unknown>) => void) : () => {};
      const parsed = definition.schema.safeParse(payload);
      if (!parsed.success) {
        reply({
          ok: false,
          error: { code: ErrorCode.invalid_payload, message: "The request is not valid.", issues: issuesOf(parsed.error) },
        });
        return;
      }
      try {
        reply({ ok: true, data: await definition.run(parsed.data as never) });
      } catch (error) {
        if (isServiceError(error)) {
          reply({ ok: false, error: error.toProtocol() });
          return;
        }
        logger.error({ err: error, event }, "command failed");
        reply({ ok: false, error: internalError });
      }
    });
  }
}
