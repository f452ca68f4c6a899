// The shared command listener: scope check, class limits, validation, acknowledgement.
import { describe, expect, it, vi } from "vitest";
import { z } from "zod";
import type { Ack } from "@/lib/protocol";
import { handle, commandListeners, type CommandTable } from "./command";
import { createCommandLimiter } from "./command-limiter";
import type { CommandContext } from "./handlers/context";
import type { AppSocket } from "./types";

const LIMITS = { perMinute: { presence: 2, subscription: 2, lookup: 2, settings: 2, messaging: 2 }, addressFactor: 10 };

function setup(user: CommandContext["user"] = { id: "u1", username: "alice", displayName: "Alice", sessionId: "s1" }) {
  const run = vi.fn(async (input: { availability: string }) => ({ echoed: input.availability }));
  const table = {
    "presence:set-status": handle(z.object({ availability: z.string() }).strict(), run),
    "token:list": handle(z.object({}).strict(), async () => []),
  } as unknown as CommandTable;
  const socket = { id: "c1" } as AppSocket;
  const context = {
    socket,
    user,
    address: "10.0.0.1",
    logger: { error: vi.fn() },
    services: { commandLimiter: createCommandLimiter(LIMITS) },
  } as unknown as CommandContext;
  const listeners = new Map(commandListeners(table, () => context));
  const send = (event: "presence:set-status" | "token:list", payload: unknown) =>
    new Promise<Ack<unknown>>((resolve) => void listeners.get(event)!.call(socket, payload, resolve));
  return { send, run };
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
