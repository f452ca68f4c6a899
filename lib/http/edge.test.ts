import { describe, expect, it } from "vitest";
import { declaredBodyTooLarge, pathDecodes, undeclaredPageBody } from "./edge";

describe("pathDecodes", () => {
  it("accepts plain and well-encoded paths, whatever the query holds", () => {
    expect(pathDecodes("/api/presence/alice")).toBe(true);
    expect(pathDecodes("/messages/im%3Aalice")).toBe(true);
    expect(pathDecodes("/api/admin/accounts?q=%E0%A4%A")).toBe(true);
  });

  it("refuses broken percent-encoding in the path", () => {
    for (const path of ["/api/presence/%E0%A4%A", "/api/presence/%", "/messages/%zz", "/a%C0%AF"]) expect(pathDecodes(path), path).toBe(false);
  });
});

describe("declaredBodyTooLarge", () => {
  it("compares the declared length with the limit; no declaration is for the route to bound", () => {
    expect(declaredBodyTooLarge(undefined)).toBe(false);
    expect(declaredBodyTooLarge("100")).toBe(false);
    expect(declaredBodyTooLarge(String(64 * 1024 + 1))).toBe(true);
    expect(declaredBodyTooLarge("lots")).toBe(true);
  });
});

describe("undeclaredPageBody", () => {
  it("is a chunked body sent to a page; the API bounds its bodies while they stream", () => {
    expect(undeclaredPageBody("/login", { "transfer-encoding": "chunked" })).toBe(true);
    expect(undeclaredPageBody("/login", { "content-length": "120" })).toBe(false);
    expect(undeclaredPageBody("/login", {})).toBe(false);
    expect(undeclaredPageBody("/api/account", { "transfer-encoding": "chunked" })).toBe(false);
  });
});
