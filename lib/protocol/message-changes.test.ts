import { describe, expect, it } from "vitest";
import { changeWindowOpen, isSingleEmoji, QUICK_REACTIONS, reactSchema } from "./message-changes";

describe("reactions", () => {
  it("accept one emoji grapheme", () => {
    for (const emoji of [...QUICK_REACTIONS, "👍🏽", "👨‍👩‍👧", "🇫🇷", "1️⃣", "☕"]) expect(isSingleEmoji(emoji), emoji).toBe(true);
  });
  it("refuse text, two emoji, empty or long input", () => {
    for (const text of ["", "a", "👍👍", "ok👍", " 👍", "1", "x".repeat(40)]) expect(isSingleEmoji(text), text).toBe(false);
  });
  it("the command schema checks the emoji", () => {
    const base = { messageId: crypto.randomUUID(), on: true, clientId: crypto.randomUUID() };
    expect(reactSchema.safeParse({ ...base, emoji: "🙏" }).success).toBe(true);
    expect(reactSchema.safeParse({ ...base, emoji: "lol" }).success).toBe(false);
  });
});

describe("changeWindowOpen", () => {
  it("is open for 24 hours after sending", () => {
    const sent = "2026-01-01T00:00:00.000Z";
    expect(changeWindowOpen(sent, Date.parse(sent) + 24 * 60 * 60 * 1000)).toBe(true);
    expect(changeWindowOpen(sent, Date.parse(sent) + 24 * 60 * 60 * 1000 + 1)).toBe(false);
  });
});
