import { describe, expect, it } from "vitest";
import { z } from "zod";
import { clientMessageId, nameBasedUuid } from "./client-id";

describe("clientMessageId", () => {
  it("is a UUID the message service accepts, the same for a retry of the same id by the same sender", () => {
    const id = clientMessageId("sender-1", "origin-1");
    expect(z.uuid().safeParse(id).success).toBe(true);
    expect(clientMessageId("sender-1", "origin-1")).toBe(id);
  });

  it("differs for another sender or another id, so two senders' ids never collide", () => {
    const id = clientMessageId("sender-1", "origin-1");
    expect(clientMessageId("sender-2", "origin-1")).not.toBe(id);
    expect(clientMessageId("sender-1", "origin-2")).not.toBe(id);
  });

  it("is a fresh UUID each time for a message without an id", () => {
    const a = clientMessageId("sender-1", undefined);
    expect(z.uuid().safeParse(a).success).toBe(true);
    expect(clientMessageId("sender-1", undefined)).not.toBe(a);
    expect(clientMessageId("sender-1", "")).not.toBe(a);
  });
});

describe("nameBasedUuid", () => {
  it("has the version 5 layout (RFC 9562 §5.5)", () => {
    expect(nameBasedUuid("anything")).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
