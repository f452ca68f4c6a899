import { describe, expect, it } from "vitest";
import { groupPositions, lastReadKey } from "./message-groups";

const at = (minutes: number) => new Date(Date.UTC(2026, 2, 10, 12, minutes)).toISOString();
const msg = (key: string, direction: "incoming" | "outgoing", minutes: number) => ({ key, direction, sentAt: at(minutes) });

describe("groupPositions", () => {
  it("groups consecutive messages from one side, and starts over when the side changes", () => {
    const positions = groupPositions([
      msg("a", "incoming", 0),
      msg("b", "incoming", 1),
      msg("c", "incoming", 2),
      msg("d", "outgoing", 3),
      msg("e", "incoming", 4),
      msg("f", "outgoing", 5),
      msg("g", "outgoing", 5),
    ]);
    expect([...positions.entries()]).toEqual([
      ["a", "first"],
      ["b", "middle"],
      ["c", "last"],
      ["d", "single"],
      ["e", "single"],
      ["f", "first"],
      ["g", "last"],
    ]);
  });

  it("starts a new group after a long pause, even from the same side", () => {
    const positions = groupPositions([msg("a", "outgoing", 0), msg("b", "outgoing", 5), msg("c", "outgoing", 11)]);
    expect(positions.get("a")).toBe("first");
    expect(positions.get("b")).toBe("last");
    expect(positions.get("c")).toBe("single");
  });

  it("never groups across days", () => {
    const late = { key: "a", direction: "incoming" as const, sentAt: new Date(2026, 2, 10, 23, 59).toISOString() };
    const early = { key: "b", direction: "incoming" as const, sentAt: new Date(2026, 2, 11, 0, 1).toISOString() };
    expect([...groupPositions([late, early]).values()]).toEqual(["single", "single"]);
  });

  it("handles an empty conversation", () => {
    expect(groupPositions([]).size).toBe(0);
  });
});

describe("lastReadKey", () => {
  it("is my last message the other side read, not every read one", () => {
    expect(
      lastReadKey([
        { key: "a", direction: "outgoing", state: "read" },
        { key: "b", direction: "outgoing", state: "read" },
        { key: "c", direction: "incoming", state: "read" },
        { key: "d", direction: "outgoing", state: "delivered" },
        { key: "e", direction: "outgoing", state: "sending" },
      ]),
    ).toBe("b");
  });

  it("is null when nothing of mine was read", () => {
    expect(lastReadKey([{ key: "a", direction: "outgoing", state: "delivered" }, { key: "b", direction: "incoming", state: "read" }])).toBeNull();
  });
});
