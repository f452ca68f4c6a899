import { describe, expect, it } from "vitest";
import { hashPassword, isCommonPassword, verifyAgainstDummy, verifyPassword } from "./passwords";

describe("hashPassword / verifyPassword", () => {
  it("produces an Argon2id hash that verifies the password and nothing else", async () => {
    const hash = await hashPassword("correct horse battery staple");
    expect(hash.startsWith("$argon2id$")).toBe(true);
    expect(hash).not.toContain("correct horse");
    expect(await verifyPassword(hash, "correct horse battery staple")).toBe(true);
    expect(await verifyPassword(hash, "correct horse battery stapl")).toBe(false);
    expect(await verifyPassword(hash, "Correct horse battery staple")).toBe(false);
  });

  it("salts each hash", async () => {
    const [first, second] = await Promise.all([hashPassword("same password"), hashPassword("same password")]);
    expect(first).not.toBe(second);
  });

  it("returns false, not an exception, for a malformed hash", async () => {
    expect(await verifyPassword("not-a-hash", "anything")).toBe(false);
    expect(await verifyPassword("", "anything")).toBe(false);
    expect(await verifyPassword("$argon2id$v=19$m=19456,t=2,p=1$broken", "anything")).toBe(false);
  });

  it("verifyAgainstDummy always says no", async () => {
    expect(await verifyAgainstDummy("buddylist-dummy-password")).toBe(false);
    expect(await verifyAgainstDummy("anything")).toBe(false);
  });
});

describe("isCommonPassword", () => {
  it.each(["password123", "qwertyuiop", "Password1234", "PASSWORD", "iloveyou!"])("flags %s", (password) => {
    expect(isCommonPassword(password)).toBe(true);
  });

  it("accepts a long random phrase", () => {
    expect(isCommonPassword("violet-marmot-sings-backwards-7")).toBe(false);
    expect(isCommonPassword("Tq8#vLz2!mWp")).toBe(false);
  });
});
