import { describe, expect, it } from "vitest";
import { originAllowed } from "./origin";

describe("originAllowed", () => {
  it("accepts the server's own origin and clients that send none", () => {
    expect(originAllowed({ host: "chat.example.org", origin: "https://chat.example.org" })).toBe(true);
    expect(originAllowed({ host: "localhost:3000", origin: "http://localhost:3000" })).toBe(true);
    expect(originAllowed({ host: "localhost:3000" })).toBe(true);
  });

  it("refuses another site's page, and malformed origins", () => {
    expect(originAllowed({ host: "chat.example.org", origin: "https://evil.example" })).toBe(false);
    expect(originAllowed({ host: "chat.example.org", origin: "null" })).toBe(false);
  });

  it("accepts the host a trusted proxy forwarded, and origins the operator allowed", () => {
    const forwarded = { host: "127.0.0.1:3101", "x-forwarded-host": "chat.example.org", origin: "https://chat.example.org" };
    expect(originAllowed(forwarded, [], true)).toBe(true);
    expect(originAllowed({ host: "chat.example.org", origin: "https://app.example.org" }, ["https://app.example.org"])).toBe(true);
  });

  it("ignores X-Forwarded-Host without a trusted proxy: any client can send it", () => {
    expect(originAllowed({ host: "127.0.0.1:3101", "x-forwarded-host": "evil.example", origin: "https://evil.example" })).toBe(false);
  });
});
