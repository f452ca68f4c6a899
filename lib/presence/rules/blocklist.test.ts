import { describe, expect, it } from "vitest";
import { withoutBlocks } from "./blocklist";

const rule = (subjectType: string, subjectId: string | null, action: string) => ({ subjectType, subjectId, action });

describe("unblocking", () => {
  const rules = [
    rule("user", "a", "block"),
    rule("user", "b", "block"),
    rule("user", "c", "limited"),
    rule("group", "g", "block"),
    rule("signed-in", null, "polite-block"),
  ];

  it("removes the block rules of the named people only", () => {
    expect(withoutBlocks(rules, new Set(["a", "c"]))).toEqual(rules.slice(1));
  });

  it("removes every person's block rule when unblocking all, keeping a group's and other actions", () => {
    expect(withoutBlocks(rules, null)).toEqual(rules.slice(2));
  });
});
