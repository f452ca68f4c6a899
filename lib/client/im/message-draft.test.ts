import { describe, expect, it } from "vitest";
import { checkDraft } from "./message-draft";

describe("checkDraft", () => {
  it("cannot send an empty or blank draft, and says nothing about it", () => {
    for (const draft of ["", "   ", "\n\t\n"]) {
      expect(checkDraft(draft)).toEqual({ length: 0, max: 4_000, over: 0, canSend: false, problem: null });
    }
  });

  it("counts after trimming, and counts an emoji as one character", () => {
    expect(checkDraft("  hi  ")).toMatchObject({ length: 2, canSend: true });
    expect(checkDraft("👋🏽 hey")).toMatchObject({ length: 6, canSend: true });
    expect(checkDraft("a\r\nb")).toMatchObject({ length: 3, canSend: true });
  });

  it("allows exactly 4 000 characters and refuses one more, saying how many too many", () => {
    expect(checkDraft("x".repeat(4_000))).toMatchObject({ length: 4_000, over: 0, canSend: true, problem: null });
    expect(checkDraft(`${"x".repeat(4_001)}  `)).toMatchObject({
      length: 4_001,
      over: 1,
      canSend: false,
      problem: "A message has at most 4 000 characters.",
    });
    expect(checkDraft("😀".repeat(4_000))).toMatchObject({ length: 4_000, canSend: true });
  });

  it("refuses control characters as the server does", () => {
    expect(checkDraft("bell\u0007")).toMatchObject({ canSend: false, problem: "Control characters are not allowed." });
  });
});
