import { describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { emptySchema } from "@/lib/protocol";
import { type CommandTable, commandListeners, handle, onlyCommands } from "./command";
import type { CommandContext } from "./handlers/context";
import type { AppSocket } from "./types";

const table: CommandTable = {
  "privacy:get": handle(emptySchema, () => "settings" as never),
  "presence:fetch": handle(z.object({ username: z.string() }).strict(), ({ username }) => `view of ${username}` as never),
};
const context = { user: { id: "u1" }, logger: { error: vi.fn() } } as unknown as CommandContext;
const socket = { id: "s1" } as AppSocket;
const listener = (event: string) => commandListeners(table, () => context).find(([name]) => name === event)![1];

describe("command listeners", () => {
  it("answer an emit whose only argument is the ack (no payload)", async () => {
    const ack = vi.fn();
    await listener("privacy:get").call(socket, ack);
    expect(ack).toHaveBeenCalledWith({ ok: true, data: "settings" });
    const refused = vi.fn();
    await listener("presence:fetch").call(socket, refused);
    expect(refused).toHaveBeenCalledWith(expect.objectContaining({ ok: false, error: expect.objectContaining({ code: "invalid_payload" }) }));
  });

  it("refuse more than one payload", async () => {
    const ack = vi.fn();
    await listener("privacy:get").call(socket, {}, "extra", ack);
    expect(ack).toHaveBeenCalledWith(expect.objectContaining({ ok: false, error: expect.objectContaining({ code: "invalid_payload" }) }));
  });

  it("still check a command sent without an ack", async () => {
    await expect(listener("presence:fetch").call(socket, { username: "ada" })).resolves.toBeUndefined();
  });
});

describe("onlyCommands", () => {
  const gate = onlyCommands(table);

  it("lets the table's commands through", () => {
    const next = vi.fn();
    gate(["privacy:get", {}, vi.fn()], next);
    expect(next).toHaveBeenCalledWith();
  });

  it("answers anything else with unknown_event and lets it no further", () => {
    for (const event of ["no:such", "__proto__", "toString", "constructor", 42]) {
      const next = vi.fn();
      const ack = vi.fn();
      gate([event, ack], next);
      expect(next).not.toHaveBeenCalled();
      expect(ack).toHaveBeenCalledWith({ ok: false, error: expect.objectContaining({ code: "unknown_event" }) });
    }
  });

  it("drops an unknown event without an ack silently", () => {
    const next = vi.fn();
    expect(() => gate(["no:such", { a: 1 }], next)).not.toThrow();
    expect(next).not.toHaveBeenCalled();
  });
});
