import { describe, expect, it } from "vitest";
import { MESSAGE_BODY_MAX_LENGTH, bodyLength, checkBody, normalizeBody } from "./message-body";

describe("checkBody", () => {
  it("trims both ends and keeps inner spacing", () => {
    expect(checkBody("  hello   there \n")).toEqual({ ok: true, body: "hello   there" });
  });

  it("refuses an empty or blank body", () => {
    for (const raw of ["", "   ", "\n\t\n", "\u00a0\u2028"]) {
      expect(checkBody(raw), JSON.stringify(raw)).toEqual({ ok: false, message: "Write a message." });
    }
  });

  it(`accepts ${MESSAGE_BODY_MAX_LENGTH} characters and refuses one more`, () => {
    expect(MESSAGE_BODY_MAX_LENGTH).toBe(4_000);
    expect(checkBody("x".repeat(4_000))).toEqual({ ok: true, body: "x".repeat(4_000) });
    expect(checkBody("x".repeat(4_001))).toEqual({ ok: false, message: "A message has at most 4 000 characters." });
  });

  it("measures after trimming", () => {
    expect(checkBody(`   ${"x".repeat(4_000)}   `).ok).toBe(true);
  });

  it("counts an emoji as one character, as people do", () => {
    const emoji = "😀";
    expect(emoji.length).toBe(2);
    expect(checkBody(emoji.repeat(4_000)).ok).toBe(true);
    expect(checkBody(emoji.repeat(4_001)).ok).toBe(false);
  });

  it("allows line breaks and tabs inside", () => {
    expect(checkBody("line one\n\tline two")).toEqual({ ok: true, body: "line one\n\tline two" });
  });

  it("turns CRLF and lone CR into LF", () => {
    expect(checkBody("a\r\nb\rc")).toEqual({ ok: true, body: "a\nb\nc" });
  });

  it("refuses NUL, other C0 controls, DEL and C1 controls", () => {
    for (const control of ["\u0000", "\u0007", "\u000b", "\u000c", "\u001b", "\u007f", "\u0085", "\u009f"]) {
      expect(checkBody(`a${control}b`), JSON.stringify(control)).toEqual({
        ok: false,
        message: "Control characters are not allowed.",
      });
    }
  });

  it("refuses half a surrogate pair", () => {
    expect(checkBody("broken \ud83d here")).toEqual({ ok: false, message: "The message contains a broken character." });
    expect(checkBody("whole \ud83d\ude00 here").ok).toBe(true);
  });

  it("keeps markup as plain text (it is never rendered as HTML)", () => {
    expect(checkBody("<script>alert(1)</script>")).toEqual({ ok: true, body: "<script>alert(1)</script>" });
  });
});

describe("bodyLength and normalizeBody", () => {
  it("count code points", () => {
    expect(bodyLength("")).toBe(0);
    expect(bodyLength("héllo")).toBe(5);
    expect(bodyLength("👍🏽")).toBe(2);
  });

  it("normalise line endings before trimming", () => {
    expect(normalizeBody("\r\n hi \r\n")).toBe("hi");
  });
});
