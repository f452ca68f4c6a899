import { describe, expect, it } from "vitest";
import { NOTE_MAX_LENGTH } from "@/lib/protocol";
import { splitNote, STATUS_PRESETS, withEmoji } from "./status-presets";

describe("status presets", () => {
  it("are the four the issue names, each with a note the server accepts", () => {
    expect(STATUS_PRESETS.map((preset) => preset.label)).toEqual([
      "In a meeting · 1 h",
      "Commuting · 30 min",
      "Out sick · today",
      "On holiday",
    ]);
    for (const preset of STATUS_PRESETS) expect(preset.note.length).toBeLessThanOrEqual(NOTE_MAX_LENGTH);
  });
});

describe("a note's emoji", () => {
  it("is found in front of the text", () => {
    expect(splitNote("🌴 On holiday")).toEqual({ emoji: "🌴", text: "On holiday" });
    expect(splitNote("On holiday")).toEqual({ emoji: null, text: "On holiday" });
  });

  it("is put in front, replaced, or removed", () => {
    expect(withEmoji("lunch", "🍽️")).toBe("🍽️ lunch");
    expect(withEmoji("🍽️ lunch", "☕")).toBe("☕ lunch");
    expect(withEmoji("☕ lunch", null)).toBe("lunch");
  });
});
