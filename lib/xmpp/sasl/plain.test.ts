import { describe, expect, it } from "vitest";
import { parsePlain } from "./plain";

describe("SASL PLAIN", () => {
  it("reads the name and password (RFC 4616 §2), with or without an authzid naming the user", () => {
    expect(parsePlain(Buffer.from("\0tim\0tanstaaftanstaaf"))).toEqual({ username: "tim", password: "tanstaaftanstaaf" });
    expect(parsePlain(Buffer.from("tim@example.org\0tim\0pässword"))).toEqual({ username: "tim", password: "pässword" });
  });

  it("refuses missing parts, empty fields and another identity", () => {
    expect(parsePlain(Buffer.from("tim\0secret"))).toBeNull();
    expect(parsePlain(Buffer.from("\0\0secret"))).toBeNull();
    expect(parsePlain(Buffer.from("\0tim\0"))).toBeNull();
    expect(parsePlain(Buffer.from("admin\0tim\0secret"))).toBeNull();
  });
});
