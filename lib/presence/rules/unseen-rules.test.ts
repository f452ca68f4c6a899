import { describe, expect, it } from "vitest";
import { withUnseenRules } from "./unseen-rules";

const hidden = (rule: string) => rule.startsWith("hidden");

describe("withUnseenRules", () => {
  it("returns the edited list when nothing was unseen", () => {
    expect(withUnseenRules(["b", "a"], ["a", "b"], hidden)).toEqual(["b", "a"]);
  });

  it("puts unseen rules back where they were, in their order", () => {
    expect(withUnseenRules(["a", "b", "c"], ["hidden-1", "a", "hidden-2", "b", "c"], hidden)).toEqual([
      "hidden-1",
      "a",
      "hidden-2",
      "b",
      "c",
    ]);
  });

  it("appends an unseen rule whose place is past the end of a shorter list", () => {
    expect(withUnseenRules(["a"], ["a", "b", "c", "hidden"], hidden)).toEqual(["a", "hidden"]);
  });

  it("keeps unseen rules when every visible rule was removed", () => {
    expect(withUnseenRules([], ["hidden", "contacts"], hidden)).toEqual(["hidden"]);
  });
});
