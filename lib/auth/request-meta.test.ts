import { describe, expect, it } from "vitest";
import { clientAddress } from "./request-meta";

describe("clientAddress", () => {
  it("is the connection's address unless a proxy is trusted", () => {
    expect(clientAddress("203.0.113.9", "10.0.0.2", false)).toBe("10.0.0.2");
    expect(clientAddress(undefined, "10.0.0.2", true)).toBe("10.0.0.2");
  });

  it("behind a trusted proxy, is the address that proxy appended to X-Forwarded-For", () => {
    expect(clientAddress("203.0.113.9", "10.0.0.2", true)).toBe("203.0.113.9");
    expect(clientAddress(["198.51.100.4", "203.0.113.9"], "10.0.0.2", true)).toBe("203.0.113.9");
  });

  it("ignores what the client wrote into X-Forwarded-For itself (the proxy appends, it does not replace)", () => {
    // nginx's $proxy_add_x_forwarded_for: the client's own header, then the address nginx saw.
    expect(clientAddress("1.2.3.4, 203.0.113.9", "10.0.0.2", true)).toBe("203.0.113.9");
    expect(clientAddress("203.0.113.5, 198.51.100.7", "10.0.0.2", true)).toBe("198.51.100.7");
  });

  it("falls back to the connection's address for an empty header, and to unknown without either", () => {
    expect(clientAddress(" , ", "10.0.0.2", true)).toBe("10.0.0.2");
    expect(clientAddress(undefined, undefined, false)).toBe("unknown");
  });
});
