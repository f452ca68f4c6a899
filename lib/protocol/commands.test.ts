// The command table: every command has a schema and a scope, and the types derived from it
// (checked by `tsc`: this file is in the project) take `z.input` where a payload is sent,
// `z.output` where it is handled, and the ack's data from the table.
import { describe, expect, expectTypeOf, it } from "vitest";
import {
  type ClientToServerEvents,
  type CommandInput,
  type CommandPayload,
  type CommandResult,
  COMMAND_SCOPES,
  commands,
  type PresenceView,
} from "@/lib/protocol";
import { TOKEN_SCOPES } from "./scopes";

describe("the command table", () => {
  it("gives every command a schema and a scope", () => {
    for (const [event, spec] of Object.entries(commands)) {
      expect(typeof spec.input.safeParse, event).toBe("function");
      expect([...TOKEN_SCOPES, "session"], event).toContain(spec.scope);
      expect(COMMAND_SCOPES[event as keyof typeof COMMAND_SCOPES]).toBe(spec.scope);
    }
  });

  it("types what is sent as the schema's input and what is handled as its output", () => {
    // A status's expiry is sent as an ISO string and handled as a Date.
    expectTypeOf<CommandInput<"presence:set-status">["expiresAt"]>().toEqualTypeOf<string | null | undefined>();
    expectTypeOf<CommandPayload<"presence:set-status">["expiresAt"]>().toEqualTypeOf<Date | null>();
    // A default applies on the server: the client may leave `limit` out.
    expectTypeOf<CommandInput<"im:history">["limit"]>().toEqualTypeOf<number | undefined>();
    expectTypeOf<CommandPayload<"im:history">["limit"]>().toEqualTypeOf<number>();
    expectTypeOf<CommandResult<"presence:fetch">>().toEqualTypeOf<PresenceView>();
  });

  it("types the socket events from the table", () => {
    type SetIdle = Parameters<ClientToServerEvents["presence:set-idle"]>[0];
    expectTypeOf<SetIdle>().toEqualTypeOf<{ idle: boolean }>();
    // @ts-expect-error: a renamed payload field does not compile where the event is emitted.
    const renamed: SetIdle = { away: true };
    // @ts-expect-error: a command that is not in the table is no event.
    type Unknown = ClientToServerEvents["presence:set-mood"];
    expect([renamed, null as Unknown | null]).toHaveLength(2);
  });
});
