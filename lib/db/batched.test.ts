// Reads of one event-loop turn answered by one lookup.
import { describe, expect, it, vi } from "vitest";
import { batchedByKey } from "./batched";

describe("batchedByKey", () => {
  it("answers the calls of one turn with one lookup of their distinct keys, in each caller's order", async () => {
    const lookup = vi.fn(async (keys: string[]) => new Map(keys.filter((key) => key !== "gone").map((key) => [key, key.toUpperCase()])));
    const read = batchedByKey(lookup, null);
    expect(await Promise.all(["a", "b", "gone", "a"].map(read))).toEqual(["A", "B", null, "A"]);
    expect(lookup).toHaveBeenCalledOnce();
    expect(lookup.mock.calls[0]![0]).toEqual(["a", "b", "gone"]);
  });

  it("reads again in a later turn, and fails every caller of a failed lookup", async () => {
    let fail = false;
    const lookup = vi.fn(async (keys: string[]) => {
      if (fail) throw new Error("database gone");
      return new Map(keys.map((key) => [key, 1]));
    });
    const read = batchedByKey(lookup, 0);
    expect(await read("a")).toBe(1);
    fail = true;
    const results = await Promise.allSettled([read("a"), read("b")]);
    expect(results.map((result) => result.status)).toEqual(["rejected", "rejected"]);
    expect(lookup).toHaveBeenCalledTimes(2);
  });
});
