// The shared command listener: scope check, class limits, validation, acknowledgement.
import { describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { type Ack, commands } from "@/lib/protocol";
import { answeredByDispatcher, type CommandObserver, type CommandTable, commandDispatcher } from "./command";
import { createCommandLimiter } from "./command-limiter";
import type { CommandContext } from "./handlers/context";
import type { AppSocket } from "./types";

const LIMITS = { perMinute: { presence: 2, subscription: 2, lookup: 2, settings: 2, messaging: 2 }, addressFactor: 10 };

function setup(
  user: CommandContext["user"] = { id: "u1", username: "alice", displayName: "Alice", sessionId: "s1" },
  observe?: CommandObserver,
) {
  const run = vi.fn(async (input: { availability: string }) => ({ echoed: input.availability }));
  const table = {
    "presence:set-status": { schema: z.object({ availability: z.string() }).strict(), scope: commands["presence:set-status"].scope, run },
    "token:list": { schema: z.object({}).strict(), scope: commands["token:list"].scope, run: async () => [] },
  } as CommandTable;
  const socket = { id: "c1" } as AppSocket;
  const context = {
    socket,
    user,
    address: "10.0.0.1",
    logger: { error: vi.fn() },
    services: { commandLimiter: createCommandLimiter(LIMITS) },
  } as unknown as CommandContext;
  const dispatch = commandDispatcher(table, () => context, observe);
  const send = (event: "presence:set-status" | "token:list", payload: unknown) =>
    new Promise<Ack<unknown>>((resolve) => void dispatch.call(socket, event, payload, resolve));
  /** Dispatches an event with exactly these arguments (an ack, if any, comes last). */
  const call = (event: unknown, ...args: unknown[]) => dispatch.call(socket, event, ...args);
  return { send, call, run, table };
}

describe("command listeners", () => {
  it("validates, runs as the socket's user and acknowledges", async () => {
    const { send, run } = setup();
    expect(await send("presence:set-status", { availability: "busy" })).toEqual({ ok: true, data: { echoed: "busy" } });
    expect(run).toHaveBeenCalledOnce();
  });

  it("answers invalid_payload for a bad payload and runs nothing", async () => {
    const { send, run } = setup();
    expect(await send("presence:set-status", { availability: 3 })).toMatchObject({ ok: false, error: { code: "invalid_payload" } });
    expect(run).not.toHaveBeenCalled();
  });

  it("cuts a class at its limit with rate_limited and retryAfter, invalid payloads counted too", async () => {
    const { send, run } = setup();
    await send("presence:set-status", { availability: 3 });
    await send("presence:set-status", { availability: "busy" });
    const refused = await send("presence:set-status", { availability: "away" });
    expect(refused).toMatchObject({ ok: false, error: { code: "rate_limited", retryAfter: expect.any(Number) } });
    expect(run).toHaveBeenCalledOnce();
  });

  it("refuses a token the scope a command needs, before counting or validating it", async () => {
    const { send, run } = setup({ id: "u1", username: "alice", displayName: "Alice", sessionId: "token:t1", scopes: ["messages"] });
    for (let i = 0; i < 5; i++) {
      expect(await send("presence:set-status", { availability: "busy" })).toMatchObject({
        ok: false,
        error: { code: "insufficient_scope" },
      });
    }
    expect(run).not.toHaveBeenCalled();
  });

  it("refuses token management to a token, whatever its scopes", async () => {
    const { send } = setup({
      id: "u1",
      username: "alice",
      displayName: "Alice",
      sessionId: "token:t1",
      scopes: ["presence:read", "presence:manage", "messages"],
    });
    expect(await send("token:list", {})).toMatchObject({ ok: false, error: { code: "insufficient_scope" } });
  });
});

describe("acks", () => {
  it("answer an emit whose only argument is the ack (no payload)", async () => {
    const { call } = setup();
    const listed = vi.fn();
    await call("token:list", listed);
    expect(listed).toHaveBeenCalledWith(expect.objectContaining({ ok: false, error: expect.objectContaining({ code: "invalid_payload" }) }));
  });

  it("refuse more than one payload", async () => {
    const { call, run } = setup();
    const ack = vi.fn();
    await call("presence:set-status", { availability: "busy" }, "extra", ack);
    expect(ack).toHaveBeenCalledWith(expect.objectContaining({ ok: false, error: expect.objectContaining({ code: "invalid_payload" }) }));
    expect(run).not.toHaveBeenCalled();
  });

  it("still check and run a command sent without an ack", async () => {
    const { call, run } = setup();
    await expect(call("presence:set-status", { availability: "busy" })).resolves.toBeUndefined();
    expect(run).toHaveBeenCalledOnce();
  });
});

describe("the command observer", () => {
  it("is asked once per command, and told each answer's outcome and a duration", async () => {
    const outcomes: [string, string, number][] = [];
    const observe = vi.fn((event: string) => (seconds: number, outcome: string) => void outcomes.push([event, outcome, seconds]));
    const { send, call } = setup(undefined, observe);
    expect(observe.mock.calls.map(([event]) => event).sort()).toEqual(["presence:set-status", "token:list"]);
    await send("presence:set-status", { availability: "busy" });
    await send("presence:set-status", { availability: 3 });
    await call("presence:set-status", { availability: "away" });
    expect(outcomes.map(([event, outcome]) => [event, outcome])).toEqual([
      ["presence:set-status", "ok"],
      ["presence:set-status", "invalid_payload"],
      ["presence:set-status", "rate_limited"],
    ]);
    expect(outcomes.every(([, , seconds]) => seconds >= 0 && seconds < 60)).toBe(true);
    expect(observe).toHaveBeenCalledTimes(2);
  });
});

describe("events that are no command", () => {
  it("are answered unknown_event and run nothing", async () => {
    const { call, run } = setup();
    for (const event of ["no:such", "__proto__", "toString", "constructor", "error", 42]) {
      const ack = vi.fn();
      await call(event, { availability: "busy" }, ack);
      expect(ack).toHaveBeenCalledWith({ ok: false, error: expect.objectContaining({ code: "unknown_event" }) });
    }
    expect(run).not.toHaveBeenCalled();
  });

  it("are dropped silently without an ack", async () => {
    const { call, run } = setup();
    await expect(call("no:such", { a: 1 })).resolves.toBeUndefined();
    expect(run).not.toHaveBeenCalled();
  });

  it("and commands alike reach no listener of the socket's own after the dispatcher", () => {
    const next = vi.fn();
    for (const packet of [["token:list", {}], ["error", new Error("from a client")]]) answeredByDispatcher(packet, next);
    expect(next).not.toHaveBeenCalled();
  });
});
