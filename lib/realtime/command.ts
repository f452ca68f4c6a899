// Turns service calls into socket command handlers: check that the socket's credential may use
// the command (a token's scopes), take it from its class's rate limits (per account and per
// address: `rate_limited` with `retryAfter` past them), validate the payload with its schema,
// call the service as the socket's user, acknowledge with `{ ok, data }` or `{ ok, error }`.
// Invalid input gets `invalid_payload` with the field issues and reaches no service; an event
// that is no command gets `unknown_event`. Every emit that carries an ack gets an answer.
//
// The listeners are built once per process and shared by every socket (socket.io calls a
// listener with its socket as `this`), and a socket registers one dispatcher for them all, so a
// connection costs one small context object instead of a listener per command.
import type { z } from "zod";
import { requirePermission } from "@/lib/accounts/token-scopes";
import {
  type Ack,
  type CommandName,
  type CommandPayload,
  type CommandPermission,
  type CommandResult,
  commands,
  ErrorCode,
  internalError,
  isServiceError,
  issuesOf,
  ServiceError,
} from "@/lib/protocol";
import { COMMAND_CLASS_OF } from "./command-classes";
import type { CommandContext } from "./handlers/context";
import type { AppSocket } from "./types";

/** What the server does with a command: the validated payload in, the ack's data out. */
export type CommandHandler<E extends CommandName> = (
  input: CommandPayload<E>,
  context: CommandContext,
) => Promise<CommandResult<E>> | CommandResult<E>;

/** Every command's handler: a command in the protocol without one fails the type check. */
export type CommandHandlers = { [E in CommandName]: CommandHandler<E> };

/** One domain's handlers (a file in handlers/); handlers/index.ts requires them all together. */
export type SomeCommandHandlers = Partial<CommandHandlers>;

/** What the listener needs of a command: its schema, the permission it needs, its handler. */
export type BoundCommand = {
  schema: z.ZodType;
  scope: CommandPermission;
  run: (input: never, context: CommandContext) => unknown;
};
export type CommandTable = { [E in CommandName]?: BoundCommand };

/** The protocol's table joined with the handlers: what the socket server registers. */
export function bindCommands(handlers: CommandHandlers): Required<CommandTable> {
  const entries = (Object.keys(commands) as CommandName[]).map((event) => {
    const { input, scope } = commands[event];
    const bound: BoundCommand = { schema: input, scope, run: handlers[event] as BoundCommand["run"] };
    return [event, bound];
  });
  return Object.fromEntries(entries) as Required<CommandTable>;
}

type Listener = (this: AppSocket, ...args: unknown[]) => Promise<void>;
type Reply = (response: Ack<unknown>) => void;

/** socket.io passes the ack, when the client asked for one, as the last argument. */
function splitAck(args: unknown[]): { payloads: unknown[]; reply: Reply | undefined } {
  const last = args.at(-1);
  return typeof last === "function" ? { payloads: args.slice(0, -1), reply: last as Reply } : { payloads: args, reply: undefined };
}

/** Measures one command, made once per command (lib/metrics): elapsed seconds and "ok" or the error code. */
export type CommandObserver = (event: CommandName) => (seconds: number, outcome: string) => void;

/**
 * The one listener of every socket (`socket.onAny`): a command of the table runs through its
 * shared listener, which finds its socket's context through `contextOf`; anything else is
 * answered `unknown_event` when it asks for an answer, so a client never waits for a timeout.
 * Own keys only: `__proto__` or `toString` are not commands. One listener, not one per command:
 * seventy listeners per socket were a tenth of a connection's memory. With `observe`, every
 * answered command is timed from arrival to acknowledgement.
 */
export function commandDispatcher(
  table: CommandTable,
  contextOf: (socket: AppSocket) => CommandContext | undefined,
  observe?: CommandObserver,
): (this: AppSocket, event: unknown, ...args: unknown[]) => Promise<void> {
  const listeners = new Map<string, Listener>(
    (Object.entries(table) as [CommandName, BoundCommand][]).map(([event, definition]) => {
      const record = observe?.(event);
      const listener: Listener = async function (this: AppSocket, ...args: unknown[]) {
        const { payloads, reply } = splitAck(args);
        const context = contextOf(this);
        if (!context) return;
        const started = record ? performance.now() : 0;
        const response = await answer(event, definition, payloads, context, this.id);
        record?.((performance.now() - started) / 1000, response.ok ? "ok" : response.error.code);
        // A client that does not ask for an answer gets none, but the command is still checked.
        reply?.(response);
      };
      return [event, listener];
    }),
  );
  return async function (this: AppSocket, event: unknown, ...args: unknown[]) {
    const listener = typeof event === "string" && Object.hasOwn(table, event) ? listeners.get(event) : undefined;
    if (listener) return listener.apply(this, args);
    splitAck(args).reply?.({
      ok: false,
      error: { code: ErrorCode.unknown_event, message: `There is no command ${JSON.stringify(String(event)).slice(0, 80)}.` },
    });
  };
}

/**
 * Packet middleware (`socket.use`): the dispatcher has answered every event already, so none
 * goes on to the socket's own listeners (a client's `error` event would otherwise reach
 * EventEmitter's "unhandled error").
 */
export function answeredByDispatcher(_packet: unknown[], _next: (error?: Error) => void): void {}

/** Runs one command for its socket's context and says what to acknowledge. */
async function answer(
  event: CommandName,
  definition: BoundCommand,
  payloads: unknown[],
  context: CommandContext,
  connectionId: string,
): Promise<Ack<unknown>> {
  // `emit(event, ack)` carries no payload: the schema decides whether that is enough.
  if (payloads.length > 1) {
    return { ok: false, error: { code: ErrorCode.invalid_payload, message: "Send one payload, or none." } };
  }
  try {
    // A token may use only the commands its scopes allow, whatever the payload.
    requirePermission(context.user, definition.scope);
    // Every command counts against its class's limits, invalid ones too (parsing costs).
    const wait = await context.services.commandLimiter.take(COMMAND_CLASS_OF[event], context.user.id, context.address);
    if (wait > 0) {
      throw new ServiceError(ErrorCode.rate_limited, `Too many requests of this kind. Try again in ${wait} s.`, {
        retryAfter: wait,
      });
    }
    const parsed = definition.schema.safeParse(payloads[0]);
    if (!parsed.success) {
      return {
        ok: false,
        error: { code: ErrorCode.invalid_payload, message: "The request is not valid.", issues: issuesOf(parsed.error) },
      };
    }
    return { ok: true, data: await definition.run(parsed.data as never, context) };
  } catch (error) {
    if (isServiceError(error)) return { ok: false, error: error.toProtocol() };
    context.logger.error({ err: error, event, connectionId, userId: context.user.id }, "command failed");
    return { ok: false, error: internalError };
  }
}
