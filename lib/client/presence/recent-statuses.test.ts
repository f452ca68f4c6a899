import { describe, expect, it } from "vitest";
import { loadRecentStatuses, parseRecentStatuses, rememberStatus, saveRecentStatuses } from "./recent-statuses";
import type { StatusChoice } from "./status-presets";

const choice = (note: string, extra: Partial<StatusChoice> = {}): StatusChoice => ({ availability: "busy", note, expiry: "none", ...extra });

describe("rememberStatus", () => {
  it("puts the newest first and keeps five", () => {
    let recent: StatusChoice[] = [];
    for (const note of ["a", "b", "c", "d", "e", "f"]) recent = rememberStatus(recent, choice(note));
    expect(recent.map((entry) => entry.note)).toEqual(["f", "e", "d", "c", "b"]);
  });

  it("moves a status used again to the front instead of listing it twice", () => {
    const recent = rememberStatus([choice("lunch"), choice("gym")], choice("gym"));
    expect(recent.map((entry) => entry.note)).toEqual(["gym", "lunch"]);
  });

  it("keeps the same note with another availability or expiry as its own entry", () => {
    const recent = rememberStatus([choice("gym")], choice("gym", { expiry: "1h" }));
    expect(recent).toHaveLength(2);
  });

  it("does not keep an empty note, and trims the note", () => {
    expect(rememberStatus([], choice("   "))).toEqual([]);
    expect(rememberStatus([], choice("  hi  "))[0]?.note).toBe("hi");
  });

  it("remembers a custom time as no time (it would be in the past next time)", () => {
    expect(rememberStatus([], choice("dentist", { expiry: "custom" }))[0]?.expiry).toBe("none");
  });
});

describe("stored recent statuses", () => {
  it("are kept per account", () => {
    const data = new Map<string, string>();
    const storage = { getItem: (key: string) => data.get(key) ?? null, setItem: (key: string, value: string) => void data.set(key, value) };
    saveRecentStatuses(storage, "alice", [choice("lunch")]);
    expect(loadRecentStatuses(storage, "alice")).toEqual([choice("lunch")]);
    expect(loadRecentStatuses(storage, "bob")).toEqual([]);
  });

  it("ignore what is malformed", () => {
    expect(parseRecentStatuses("not json")).toEqual([]);
    expect(parseRecentStatuses('{"note":"x"}')).toEqual([]);
    expect(parseRecentStatuses(JSON.stringify([choice("ok"), { availability: "asleep", note: "x", expiry: "none" }, 3]))).toEqual([choice("ok")]);
  });

  it("survive a storage that refuses", () => {
    const refusing = {
      getItem: () => {
        throw new Error("denied");
      },
      setItem: () => {
        throw new Error("full");
      },
    };
    expect(loadRecentStatuses(refusing, "alice")).toEqual([]);
    expect(() => saveRecentStatuses(refusing, "alice", [choice("x")])).not.toThrow();
  });
});
