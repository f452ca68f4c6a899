import { encode } from "next-auth/jwt";
import { describe, expect, it } from "vitest";
import { cookieValue, decodeSessionToken } from "./session-token";

const secret = "a-test-secret-that-is-long-enough-0123456789";
const salt = "authjs.session-token";

describe("decodeSessionToken", () => {
  it("reads what Auth.js wrote", async () => {
    const token = await encode({ token: { sub: "user-1", sid: "session-1" }, secret, salt });
    expect(await decodeSessionToken(token, secret, salt)).toMatchObject({ sub: "user-1", sid: "session-1" });
  });

  it("refuses another secret, another cookie name, a tampered token and an expired one", async () => {
    const token = await encode({ token: { sid: "s" }, secret, salt });
    expect(await decodeSessionToken(token, `${secret}x`, salt)).toBeNull();
    expect(await decodeSessionToken(token, secret, `__Secure-${salt}`)).toBeNull();
    expect(await decodeSessionToken(`${token.slice(0, -4)}AAAA`, secret, salt)).toBeNull();
    const expired = await encode({ token: { sid: "s" }, secret, salt, maxAge: -60 });
    expect(await decodeSessionToken(expired, secret, salt)).toBeNull();
    expect(await decodeSessionToken("not.a.jwe", secret, salt)).toBeNull();
  });
});

describe("cookieValue", () => {
  it("finds a cookie, and joins chunked ones in order", () => {
    expect(cookieValue("a=1; authjs.session-token=abc; b=2", salt)).toBe("abc");
    expect(cookieValue(`${salt}.1=def; ${salt}.0=abc`, salt)).toBe("abcdef");
    expect(cookieValue("a=1", salt)).toBeNull();
  });
});
