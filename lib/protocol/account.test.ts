import { describe, expect, it } from "vitest";
import { newPasswordSchema, signInSchema, signUpSchema, usernameSchema } from "./account";

describe("usernameSchema", () => {
  it("accepts 3 to 32 of a-z 0-9 _ . -", () => {
    for (const name of ["bob", "alice_smith", "a.b-c_9", "x".repeat(32), "007"]) {
      expect(usernameSchema.parse(name)).toBe(name);
    }
  });

  it("lower-cases and trims, so names are unique whatever their case", () => {
    expect(usernameSchema.parse("  Alice.Smith ")).toBe("alice.smith");
    expect(usernameSchema.parse("BOB")).toBe(usernameSchema.parse("bob"));
  });

  it("refuses names that are too short or too long, after trimming", () => {
    expect(usernameSchema.safeParse("ab").error?.issues[0]?.message).toBe("Use at least 3 characters.");
    expect(usernameSchema.safeParse("  ab  ").success).toBe(false);
    expect(usernameSchema.safeParse("x".repeat(33)).error?.issues[0]?.message).toBe("Use at most 32 characters.");
  });

  it("refuses other characters", () => {
    for (const name of ["alice smith", "alice@example", "ålice", "bob!", "a/b", "im:bob", "ａｌｉｃｅ"]) {
      const result = usernameSchema.safeParse(name);
      expect(result.success, name).toBe(false);
      expect(result.error?.issues.map((issue) => issue.message)).toContain("Use only letters, digits, and _ . -");
    }
  });
});

describe("newPasswordSchema", () => {
  it("accepts 10 to 200 characters, kept exactly as typed", () => {
    expect(newPasswordSchema.parse("0123456789")).toBe("0123456789");
    expect(newPasswordSchema.parse(" spaced out ")).toBe(" spaced out ");
    expect(newPasswordSchema.parse("p".repeat(200))).toHaveLength(200);
  });

  it("refuses fewer than 10 or more than 200 characters", () => {
    expect(newPasswordSchema.safeParse("123456789").error?.issues[0]?.message).toBe("Use at least 10 characters.");
    expect(newPasswordSchema.safeParse("p".repeat(201)).error?.issues[0]?.message).toBe("Use at most 200 characters.");
  });
});

describe("signUpSchema and signInSchema", () => {
  it("normalise the username the same way, so a sign-up name signs in whatever its case", () => {
    const signUp = signUpSchema.parse({ username: " Carol ", password: "long enough password" });
    const signIn = signInSchema.parse({ username: "CAROL", password: "long enough password" });
    expect(signUp.username).toBe("carol");
    expect(signIn.username).toBe("carol");
  });

  it("sign-in checks only shape: a short password or odd name is not rejected by rule", () => {
    expect(signInSchema.safeParse({ username: "x", password: "a" }).success).toBe(true);
    expect(signInSchema.safeParse({ username: "", password: "a" }).success).toBe(false);
    expect(signInSchema.safeParse({ username: "x", password: "" }).success).toBe(false);
    expect(signInSchema.safeParse({ username: "x", password: "p".repeat(201) }).success).toBe(false);
  });
});
