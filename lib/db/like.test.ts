import { describe, expect, it } from "vitest";
import { escapeLike, likeContaining, likePrefix } from "./like";

describe("LIKE patterns", () => {
  it("escape the wildcards and the escape character, nothing else", () => {
    expect(escapeLike("bob_")).toBe("bob\\_");
    expect(escapeLike("100%")).toBe("100\\%");
    expect(escapeLike("a\\b")).toBe("a\\\\b");
    expect(escapeLike("plain.name-1")).toBe("plain.name-1");
  });

  it("anchor a prefix at the start and a substring nowhere", () => {
    expect(likePrefix("%")).toBe("\\%%");
    expect(likeContaining("_")).toBe("%\\_%");
  });
});
