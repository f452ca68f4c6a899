import { describe, expect, it } from "vitest";
import { boundResource, deviceIdOfResource, requestedResource } from "./resource";

describe("requestedResource", () => {
  it("keeps what the client asked for, trimmed", () => {
    expect(requestedResource("  Gajim laptop ")).toBe("Gajim laptop");
    expect(requestedResource("Conversations.x3Fq")).toBe("Conversations.x3Fq");
    expect(requestedResource("téléphone")).toBe("téléphone");
  });

  it("refuses nothing, blanks, control characters and overlong resources", () => {
    expect(requestedResource(undefined)).toBeNull();
    expect(requestedResource(null)).toBeNull();
    expect(requestedResource("   ")).toBeNull();
    expect(requestedResource("a\u0000b")).toBeNull();
    expect(requestedResource("tab\there")).toBeNull();
    expect(requestedResource("x".repeat(65))).toBeNull();
    expect(requestedResource("x".repeat(64))).toBe("x".repeat(64));
  });
});

describe("deviceIdOfResource", () => {
  it("is the same device for the same account and resource, another for another account or resource", () => {
    const id = deviceIdOfResource("u1", "phone");
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(deviceIdOfResource("u1", "phone")).toBe(id);
    expect(deviceIdOfResource("u2", "phone")).not.toBe(id);
    expect(deviceIdOfResource("u1", "laptop")).not.toBe(id);
  });
});

describe("boundResource", () => {
  it("binds the resource asked for when its device was free, a suffixed one on conflict", () => {
    const asked = deviceIdOfResource("u1", "phone");
    expect(boundResource("phone", asked, asked)).toBe("phone");
    expect(boundResource("phone", asked, "0badc0de-0000-4000-8000-000000000000")).toBe("phone-0badc0de");
  });
});
