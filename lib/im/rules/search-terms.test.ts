import { describe, expect, it } from "vitest";
import { MAX_SEARCH_TERMS, searchTerms } from "./search-terms";

describe("searchTerms", () => {
  it("splits words and lower-cases them", () => {
    expect(searchTerms("Lunch on FRIDAY?")).toEqual(["lunch", "on", "friday"]);
  });

  it("keeps letters with accents, other scripts and digits", () => {
    expect(searchTerms("café Ünïcode 東京 v2")).toEqual(["café", "ünïcode", "東京", "v2"]);
  });

  it("drops every operator and quote, so input cannot change the query's shape", () => {
    expect(searchTerms(`"a" OR b* NEAR(c)`)).toEqual(["a", "or", "b", "near", "c"]);
    expect(searchTerms(`-d {e}: f^ 'g' & h`)).toEqual(["d", "e", "f", "g", "h"]);
    expect(searchTerms(`h | !i :* ()`)).toEqual(["h", "i"]);
  });

  it("gives nothing for input without words", () => {
    expect(searchTerms("  ?! ... ")).toEqual([]);
  });

  it("keeps each word once, in order", () => {
    expect(searchTerms("to be or not to be")).toEqual(["to", "be", "or", "not"]);
  });

  it(`keeps at most ${MAX_SEARCH_TERMS} words of at most 64 characters`, () => {
    expect(searchTerms("a b c d e f g h i j")).toHaveLength(MAX_SEARCH_TERMS);
    expect(searchTerms("x".repeat(100))).toEqual(["x".repeat(64)]);
  });

  it("folds compatibility forms (full-width letters)", () => {
    expect(searchTerms("ｈｅｌｌｏ")).toEqual(["hello"]);
  });
});
