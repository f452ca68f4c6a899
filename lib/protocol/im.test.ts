import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  historySchema,
  inboxAddressSchema,
  markReadSchema,
  searchMessagesSchema,
  sendMessageSchema,
  setInboxSettingsSchema,
  syncSchema,
} from "./im";

describe("inboxAddressSchema", () => {
  it("accepts a username or an im: address, in any case, as the username", () => {
    expect(inboxAddressSchema.parse("alice")).toBe("alice");
    expect(inboxAddressSchema.parse("im:alice")).toBe("alice");
    expect(inboxAddressSchema.parse("  IM:Alice ")).toBe("alice");
  });

  it("refuses an empty address", () => {
    expect(inboxAddressSchema.safeParse("im:").success).toBe(false);
    expect(inboxAddressSchema.safeParse("   ").success).toBe(false);
  });
});

describe("sendMessageSchema", () => {
  const valid = { to: "bob", clientId: randomUUID(), body: "  hi\r\nthere  " };

  it("normalises the body and keeps the client id", () => {
    expect(sendMessageSchema.parse(valid)).toEqual({ to: "bob", clientId: valid.clientId, body: "hi\nthere" });
  });

  it("points a bad body at `body` with the rule's message", () => {
    const result = sendMessageSchema.safeParse({ ...valid, body: "x".repeat(4_001) });
    expect(result.error?.issues[0]).toMatchObject({ path: ["body"], message: "A message has at most 4 000 characters." });
  });

  it("wants a UUID client id", () => {
    expect(sendMessageSchema.safeParse({ ...valid, clientId: "1" }).success).toBe(false);
    expect(sendMessageSchema.safeParse({ ...valid, clientId: undefined }).success).toBe(false);
  });

  it("refuses a sender in the payload (or any other unknown field)", () => {
    expect(sendMessageSchema.safeParse({ ...valid, from: "mallory" }).success).toBe(false);
  });
});

describe("paging schemas", () => {
  it("default their limits and cap them", () => {
    expect(historySchema.parse({ peer: "bob" })).toEqual({ peer: "bob", limit: 50 });
    expect(historySchema.safeParse({ peer: "bob", limit: 101 }).success).toBe(false);
    expect(syncSchema.parse({ afterSeq: 0 })).toEqual({ afterSeq: 0, limit: 200 });
    expect(syncSchema.safeParse({ afterSeq: 0, limit: 501 }).success).toBe(false);
    expect(searchMessagesSchema.parse({ query: " fox " })).toEqual({ query: "fox", limit: 20 });
  });

  it("take whole, non-negative, 32-bit seqs", () => {
    for (const seq of [-1, 1.5, 2 ** 31, "5"]) {
      expect(markReadSchema.safeParse({ peer: "bob", upToSeq: seq }).success, String(seq)).toBe(false);
    }
    expect(markReadSchema.safeParse({ peer: "bob", upToSeq: 2 ** 31 - 1 }).success).toBe(true);
  });
});

describe("setInboxSettingsSchema", () => {
  it("takes any of the settings, but at least one", () => {
    expect(setInboxSettingsSchema.parse({ readReceipts: false })).toEqual({ readReceipts: false });
    expect(setInboxSettingsSchema.safeParse({}).success).toBe(false);
    expect(setInboxSettingsSchema.safeParse({ acceptFrom: "friends" }).success).toBe(false);
  });
});
