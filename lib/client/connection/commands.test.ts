import { describe, expect, expectTypeOf, it } from "vitest";
import { ErrorCode } from "@/lib/protocol/errors";
import { COMMAND_TIMEOUT_MS, issueAt, NO_ANSWER, sendCommand } from "./commands";

/** A socket whose emitWithAck answers (or fails) as told, remembering the timeout used. */
function fakeSocket(answer: () => Promise<unknown>) {
  const calls: { timeout: number; event: string; payload: unknown }[] = [];
  const socket = {
    timeout(timeout: number) {
      return {
        emitWithAck: (event: string, payload: unknown) => {
          calls.push({ timeout, event, payload });
          return answer();
        },
      };
    },
  };
  return { socket: socket as unknown as Parameters<typeof sendCommand>[0], calls };
}

describe("sendCommand", () => {
  it("sends with the timeout and returns the acknowledgement", async () => {
    const { socket, calls } = fakeSocket(async () => ({ ok: true, data: null }));
    expect(await sendCommand(socket, "presence:set-idle", { idle: true })).toEqual({ ok: true, data: null });
    expect(calls).toEqual([{ timeout: COMMAND_TIMEOUT_MS, event: "presence:set-idle", payload: { idle: true } }]);
  });

  it("turns a timeout into an error the person can read", async () => {
    const { socket } = fakeSocket(async () => {
      throw new Error("operation has timed out");
    });
    expect(await sendCommand(socket, "token:list")).toEqual({ ok: false, error: NO_ANSWER });
  });
});

describe("sendCommand's types", () => {
  // Checked by `tsc` (this file is in the project): each call below must fail to compile.
  it("refuses a payload the command's schema does not accept, and types the answer", async () => {
    const { socket } = fakeSocket(async () => ({ ok: true, data: null }));
    // @ts-expect-error: a renamed payload field (`away` is no field of presence:set-idle).
    await sendCommand(socket, "presence:set-idle", { away: true });
    // @ts-expect-error: a payload the command needs cannot be left out.
    await sendCommand(socket, "im:send");
    // @ts-expect-error: there is no such command.
    await sendCommand(socket, "presence:set-mood", {});
    // A command whose schema accepts no payload may be sent without one.
    await sendCommand(socket, "privacy:get");
    const ack = await sendCommand(socket, "presence:set-idle", { idle: true });
    if (ack.ok) expectTypeOf(ack.data).toEqualTypeOf<null>();
  });
});

describe("issueAt", () => {
  const error = {
    code: ErrorCode.invalid_payload,
    message: "The request is not valid.",
    issues: [
      { path: "tuples.0.address", message: "Enter a phone number, e.g. +1 555 0100." },
      { path: "tuples.10.address", message: "Enter an email address." },
    ],
  };

  it("finds the issue at exactly that path", () => {
    expect(issueAt(error, "tuples.0.address")).toBe("Enter a phone number, e.g. +1 555 0100.");
    expect(issueAt(error, "tuples.1.address")).toBeUndefined();
    expect(issueAt(null, "name")).toBeUndefined();
  });
});
