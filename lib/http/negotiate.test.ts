import { describe, expect, it } from "vitest";
import { negotiate } from "./negotiate";

const OFFERED = ["application/json", "application/pidf+xml"];

describe("negotiate", () => {
  it("gives the first offer when there is no Accept header, or it is empty", () => {
    expect(negotiate(null, OFFERED)).toEqual({ type: "application/json" });
    expect(negotiate("  ", OFFERED)).toEqual({ type: "application/json" });
  });

  it("picks an exact match, then by quality", () => {
    expect(negotiate("application/pidf+xml", OFFERED)).toEqual({ type: "application/pidf+xml" });
    expect(negotiate("application/json;q=0.5, application/pidf+xml", OFFERED)).toEqual({ type: "application/pidf+xml" });
    expect(negotiate("application/json, application/pidf+xml;q=0.9", OFFERED)).toEqual({ type: "application/json" });
  });

  it("understands wildcards, the more specific range deciding", () => {
    expect(negotiate("*/*", OFFERED)).toEqual({ type: "application/json" });
    expect(negotiate("application/*", OFFERED)).toEqual({ type: "application/json" });
    expect(negotiate("*/*;q=0.1, application/pidf+xml", OFFERED)).toEqual({ type: "application/pidf+xml" });
    expect(negotiate("application/*, application/json;q=0", OFFERED)).toEqual({ type: "application/pidf+xml" });
  });

  it("says not acceptable when nothing offered is accepted", () => {
    expect(negotiate("image/png", OFFERED)).toEqual({ error: "not_acceptable" });
    expect(negotiate("application/pidf+xml;q=0", OFFERED)).toEqual({ error: "not_acceptable" });
  });

  it("says malformed for headers that break the grammar", () => {
    for (const header of ["text", "application/pidf+xml;q=2", "a/b/c", "*/json", "application/json;q", "applic ation/json", "x/y;=1"]) {
      expect(negotiate(header, OFFERED), header).toEqual({ error: "malformed" });
    }
  });

  it("ignores case and parameters other than q", () => {
    expect(negotiate("Application/PIDF+XML; charset=utf-8", OFFERED)).toEqual({ type: "application/pidf+xml" });
  });
});
