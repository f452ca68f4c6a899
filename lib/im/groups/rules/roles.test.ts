import { describe, expect, it } from "vitest";
import { mayManage, mayRemove, maySetAdmin, successor } from "./roles";

describe("group roles", () => {
  it("lets creator and admins manage, and only the creator name admins", () => {
    expect([mayManage("creator"), mayManage("admin"), mayManage("member")]).toEqual([true, true, false]);
    expect([maySetAdmin("creator"), maySetAdmin("admin"), maySetAdmin("member")]).toEqual([true, false, false]);
  });

  it("never lets anyone remove the creator; admins remove members only", () => {
    expect(mayRemove("creator", "admin")).toBe(true);
    expect(mayRemove("creator", "member")).toBe(true);
    expect(mayRemove("admin", "member")).toBe(true);
    expect(mayRemove("admin", "admin")).toBe(false);
    expect(mayRemove("admin", "creator")).toBe(false);
    expect(mayRemove("member", "member")).toBe(false);
  });

  it("passes the creator's place to the oldest admin, else the oldest member, else nobody", () => {
    const members = [
      { userId: "c", role: "creator" as const },
      { userId: "m1", role: "member" as const },
      { userId: "a1", role: "admin" as const },
      { userId: "a2", role: "admin" as const },
    ];
    expect(successor(members, "c")?.userId).toBe("a1");
    expect(successor(members.slice(0, 2), "c")?.userId).toBe("m1");
    expect(successor(members.slice(0, 1), "c")).toBeNull();
  });
});
