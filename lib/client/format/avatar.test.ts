import { describe, expect, it } from "vitest";
import { avatarColor, avatarHue, avatarInitials } from "./avatar";

describe("avatarInitials", () => {
  it("takes the first and last word of the display name", () => {
    expect(avatarInitials("Ada Lovelace", "ada")).toBe("AL");
    expect(avatarInitials("Jean Claude van Damme", "jc")).toBe("JD");
  });

  it("splits usernames on separators and uses one letter for one word", () => {
    expect(avatarInitials("carol_smith", "carol_smith")).toBe("CS");
    expect(avatarInitials("bob", "bob")).toBe("B");
    expect(avatarInitials("alice_8278d3df", "alice_8278d3df")).toBe("A");
    expect(avatarInitials("Carol 2nd", "carol")).toBe("C");
    expect(avatarInitials("carol_aa3ba32e", "carol_aa3ba32e")).toBe("C");
  });

  it("falls back to the username and handles non-Latin and astral characters", () => {
    expect(avatarInitials("   ", "dave")).toBe("D");
    expect(avatarInitials("élodie durand", "elodie")).toBe("ÉD");
    expect(avatarInitials("😀 fan", "fan")).toBe("😀F");
  });
});

describe("avatarHue", () => {
  it("is stable for a username and ignores case", () => {
    expect(avatarHue("alice")).toBe(avatarHue("alice"));
    expect(avatarHue("Alice")).toBe(avatarHue("alice"));
  });

  it("is one of twelve hues", () => {
    for (const name of ["alice", "bob", "carol", "dave", "erin"]) {
      const hue = avatarHue(name);
      expect(hue % 30).toBe(0);
      expect(hue).toBeGreaterThanOrEqual(0);
      expect(hue).toBeLessThan(360);
    }
  });

  it("spreads names over the palette", () => {
    const hues = new Set(Array.from({ length: 60 }, (_, index) => avatarHue(`user${index}`)));
    expect(hues.size).toBeGreaterThanOrEqual(8);
  });

  it("gives a CSS colour", () => {
    expect(avatarColor("alice")).toBe(`oklch(0.5 0.13 ${avatarHue("alice")})`);
  });
});
