import { describe, expect, it } from "vitest";
import { mentions, shouldNotifyGroup } from "./mentions";

describe("mentions", () => {
  it("finds @name at word boundaries, whatever the case", () => {
    expect(mentions("hi @bob", "bob")).toBe(true);
    expect(mentions("@Bob, look", "bob")).toBe(true);
    expect(mentions("(@bob)", "bob")).toBe(true);
  });

  it("does not take a longer name, an address or a bare name for a mention", () => {
    expect(mentions("hi @bobby", "bob")).toBe(false);
    expect(mentions("mail bob@bob.example", "bob")).toBe(false);
    expect(mentions("hi bob", "bob")).toBe(false);
    expect(mentions("hi @bob.smith", "bob")).toBe(false);
  });

  it("treats the name literally", () => {
    expect(mentions("@a.b", "a.b")).toBe(true);
    expect(mentions("@axb", "a.b")).toBe(false);
  });
});

describe("shouldNotifyGroup", () => {
  const quiet = { busy: false, notifyWhileBusy: false, muted: false, mentioned: false };
  it("notifies as one-to-one messages do", () => {
    expect(shouldNotifyGroup(quiet)).toBe(true);
    expect(shouldNotifyGroup({ ...quiet, muted: true })).toBe(false);
    expect(shouldNotifyGroup({ ...quiet, busy: true })).toBe(false);
    expect(shouldNotifyGroup({ ...quiet, busy: true, notifyWhileBusy: true })).toBe(true);
  });

  it("lets a mention through a muted group, but not through busy", () => {
    expect(shouldNotifyGroup({ ...quiet, muted: true, mentioned: true })).toBe(true);
    expect(shouldNotifyGroup({ ...quiet, muted: true, mentioned: true, busy: true })).toBe(false);
  });
});
