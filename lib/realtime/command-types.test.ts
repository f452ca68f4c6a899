// The server's handler table is derived from the protocol's command table (checked by `tsc`:
// this file is in the project): a command without a handler does not compile, and a handler
// receives the validated payload (`z.output`) and must answer with the command's result.
import { describe, expect, expectTypeOf, it } from "vitest";
import type { CommandHandlers, SomeCommandHandlers } from "./command";
import { commandHandlers, commandTable } from "./handlers";
import { commands } from "@/lib/protocol";

describe("the handler table", () => {
  it("has a handler, a schema and a scope for every command in the protocol", () => {
    expect(Object.keys(commandHandlers).sort()).toEqual(Object.keys(commands).sort());
    for (const [event, bound] of Object.entries(commandTable)) {
      const spec = commands[event as keyof typeof commands];
      expect(bound.schema, event).toBe(spec.input);
      expect(bound.scope, event).toBe(spec.scope);
    }
  });

  it("does not compile without every handler, or with a handler of the wrong shape", () => {
    const { "presence:set-idle": _left, ...allButOne } = commandHandlers;
    // @ts-expect-error: a command without a handler.
    const missing: CommandHandlers = allButOne;

    const wrong = {
      // A handler receives the parsed payload (the expiry is a Date by then), and must answer
      // with the command's result (a presence view).
      // @ts-expect-error: "done" is no presence view.
      "presence:set-status": (input) => {
        expectTypeOf(input.expiresAt).toEqualTypeOf<Date | null>();
        return "done";
      },
      // @ts-expect-error: a field the schema does not have.
      "presence:set-idle": ({ away }) => away,
    } satisfies SomeCommandHandlers;
    expect([missing, wrong]).toHaveLength(2);
  });
});
