import { describe, expect, it } from "vitest";
import { z } from "zod";
import { humanNameSchema, humanTextProblem, humanTextSchema, lookupText } from "./text";

const name = humanNameSchema(20);

describe("humanNameSchema", () => {
  it("normalises to NFC and trims", () => {
    expect(name.parse("  Zoe\u0308 ")).toBe("Zo\u00EB");
    expect(name.parse("\u00A0Ada\u3000")).toBe("Ada");
  });

  it("keeps every script, emoji sequences and joiners inside a visible name", () => {
    for (const ok of ["شادی", "李小龍", "👩‍💻 Ada", "Zoë O'Brien-Smith", "Ελένη", "क्षत्रिय"]) expect(name.parse(ok)).toBe(ok);
  });

  it("refuses control and bidirectional-control characters", () => {
    for (const bad of ["a\u0000b", "a\u0007", "a\u0085b", "a\nb", "a\tb", "a\u2028b", "\u202Eevil", "x\u2066y\u2069", "a\u200Fb", "a\u061Cb"]) {
      expect(name.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
    }
  });

  it("refuses names with nothing visible in them", () => {
    for (const bad of ["", "   ", "\u200B", "\u200B\u200C\u200D", "\uFEFF", "\u3164", "\u2800", "\u115F\u1160", "\u00AD", "\uFE0F", "\u{E0041}"]) {
      expect(name.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
    }
  });

  it("counts the length after normalising", () => {
    expect(name.safeParse("x".repeat(21)).success).toBe(false);
    expect(name.safeParse(`${"x".repeat(20)}   `).success).toBe(true);
  });
});

describe("humanTextSchema", () => {
  it("allows lines and blank, not the rest", () => {
    const note = humanTextSchema(200, { multiline: true });
    expect(note.parse("in a meeting\nback at 3\tpm")).toBe("in a meeting\nback at 3\tpm");
    expect(note.parse("   ")).toBe("");
    expect(note.safeParse("\u202Eevil").success).toBe(false);
    expect(note.safeParse("\u200B").success).toBe(false);
    expect(note.safeParse("a\u0000").success).toBe(false);
    expect(humanTextSchema(40).safeParse("a\nb").success).toBe(false);
  });
});

describe("humanTextProblem", () => {
  it("names the problem", () => {
    expect(humanTextProblem("ok")).toBeNull();
    expect(humanTextProblem("\u202E")).toMatch(/direction/);
    expect(humanTextProblem("\u200B")).toMatch(/visible/);
    expect(humanTextProblem("\u0001")).toMatch(/Control/);
  });
});

describe("lookupText", () => {
  const key = lookupText(z.string().max(10));
  it("refuses control characters, which no stored key holds", () => {
    for (const bad of ["a\u0000", "\u0000", "a\u0085", "a\nb"]) expect(key.safeParse(bad).success).toBe(false);
  });
  it("keeps anything else as it is, wildcards included", () => {
    for (const ok of ["", "a_b%", "李", "x y"]) expect(key.parse(ok)).toBe(ok);
  });
});
