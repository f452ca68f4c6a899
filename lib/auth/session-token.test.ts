import { encode } from "next-auth/jwt";
import { describe, expect, it } from "vitest";
import { cookieValue, decodeSessionToken } from "./session-token";

const secret = "a-test-secret-that-is-long-enough-0123456789";
const salt = "authjs.session-token";

describe("decodeSessionToken", () => {
  it("reads what Auth.js wrote", async () => {
    const token = await encode({ token: { sub: "user-1", sid: "session-1" }, secret, salt });
    expect(decodeSessionToken(token, secret, salt)).toMatchObject({ sub: "user-1", sid: "session-1" });
  });

  it("refuses another secret, another cookie name, a tampered token and an expired one", async () => {
    const token = await encode({ token: { sid: "s" }, secret, salt });
    expect(decodeSessionToken(token, `${secret}x`, salt)).toBeNull();
    expect(decodeSessionToken(token, secret, `__Secure-${salt}`)).toBeNull();
    expect(decodeSessionToken(`${token.slice(0, -4)}AAAA`, secret, salt)).toBeNull();
    const expired = await encode({ token: { sid: "s" }, secret, salt, maxAge: -60 });
    expect(decodeSessionToken(expired, secret, salt)).toBeNull();
    expect(decodeSessionToken("not.a.jwe", secret, salt)).toBeNull();
    expect(decodeSessionToken("a.b.c.d.e", secret, salt)).toBeNull();
  });

  it("refuses a token whose header names another algorithm, another key or compression", async () => {
    const token = await encode({ token: { sid: "s" }, secret, salt });
    const [header, ...rest] = token.split(".");
    const claims = JSON.parse(Buffer.from(header!, "base64url").toString("utf8")) as Record<string, unknown>;
    for (const change of [{ alg: "A256KW" }, { enc: "A256GCM" }, { kid: "another" }, { zip: "DEF" }]) {
      const forged = Buffer.from(JSON.stringify({ ...claims, ...change })).toString("base64url");
      expect(decodeSessionToken([forged, ...rest].join("."), secret, salt)).toBeNull();
    }
  });

  it("refuses a token that is not valid yet", async () => {
    const token = await encode({ token: { sid: "s", nbf: Math.floor(Date.now() / 1000) + 3600 }, secret, salt });
    expect(decodeSessionToken(token, secret, salt)).toBeNull();
  });
});

describe("cookieValue", () => {
  it("finds a cookie, and joins chunked ones in order", () => {
    expect(cookieValue("a=1; authjs.session-token=abc; b=2", salt)).toBe("abc");
    expect(cookieValue(`${salt}.1=def; ${salt}.0=abc`, salt)).toBe("abcdef");
    expect(cookieValue("a=1", salt)).toBeNull();
  });

  it("skips a cookie it cannot decode instead of failing (another app on the host may set one)", () => {
    expect(cookieValue(`junk=%E0%A4%A; ${salt}=abc`, salt)).toBe("abc");
    expect(cookieValue(`${salt}=abc; junk=%E0%A4%A`, salt)).toBe("abc");
    expect(cookieValue(`${salt}=%E0%A4%A`, salt)).toBeNull();
    expect(cookieValue(`${salt}.0=abc; ${salt}.1=%E0%A4%A`, salt)).toBeNull();
  });

  it("reads odd headers without trouble", () => {
    expect(cookieValue(`__proto__=x; constructor=y; ${salt}=abc`, salt)).toBe("abc");
    expect(cookieValue(`;;  ; =; ${salt}=abc`, salt)).toBe("abc");
    expect(cookieValue("", salt)).toBeNull();
  });
});
