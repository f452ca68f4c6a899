import { describe, expect, it } from "vitest";
import { highlightParts, searchTerms } from "./highlight";

describe("highlightParts", () => {
  it("marks every searched word, ignoring case, and keeps the text whole", () => {
    const parts = highlightParts("Lunch at noon? LUNCH is on me", "lunch noon");
    expect(parts).toEqual([
      { text: "Lunch", match: true },
      { text: " at ", match: false },
      { text: "noon", match: true },
      { text: "? ", match: false },
      { text: "LUNCH", match: true },
      { text: " is on me", match: false },
    ]);
    expect(parts.map((part) => part.text).join("")).toBe("Lunch at noon? LUNCH is on me");
  });

  it("marks a prefix (the last word is searched as a prefix)", () => {
    expect(highlightParts("conference call", "conf")).toEqual([
      { text: "conf", match: true },
      { text: "erence call", match: false },
    ]);
  });

  it("treats regex characters and markup in the query and the text as plain characters", () => {
    expect(highlightParts("a (b) <img src=x onerror=alert(1)>", "(b) <img")).toEqual([
      { text: "a ", match: false },
      { text: "(b)", match: true },
      { text: " ", match: false },
      { text: "<img", match: true },
      { text: " src=x onerror=alert(1)>", match: false },
    ]);
  });

  it("returns the text unmarked for an empty query", () => {
    expect(highlightParts("hello", "   ")).toEqual([{ text: "hello", match: false }]);
    expect(searchTerms("  Hi  hi there ")).toEqual(["hi", "there"]);
  });
});
