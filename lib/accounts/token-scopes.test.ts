import { describe, expect, it } from "vitest";
import { ServiceError } from "@/lib/protocol/errors";
import { COMMAND_SCOPES } from "@/lib/protocol/commands";
import { TOKEN_SCOPES, tokenScopesSchema } from "@/lib/protocol/scopes";
import { parseStoredScopes, permits, requirePermission, storedScopes } from "./token-scopes";

describe("permits", () => {
  it("lets a browser session do everything, token management included", () => {
    for (const needs of [...TOKEN_SCOPES, "session" as const]) expect(permits({}, needs)).toBe(true);
  });

  it("lets a token do only what its scopes name", () => {
    const reader = { scopes: ["presence:read"] as const };
    expect(permits(reader, "presence:read")).toBe(true);
    expect(permits(reader, "presence:manage")).toBe(false);
    expect(permits(reader, "messages")).toBe(false);
  });

  it("never lets a token manage tokens, whatever its scopes", () => {
    expect(permits({ scopes: TOKEN_SCOPES }, "session")).toBe(false);
  });

  it("lets a token without scopes do nothing", () => {
    for (const needs of TOKEN_SCOPES) expect(permits({ scopes: [] }, needs)).toBe(false);
  });
});

describe("requirePermission", () => {
  it("throws insufficient_scope naming the missing scope", () => {
    let error: unknown;
    try {
      requirePermission({ scopes: ["messages"] }, "presence:read");
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(ServiceError);
    expect((error as ServiceError).code).toBe("insufficient_scope");
    expect((error as ServiceError).message).toContain("presence:read");
  });

  it("says that token management needs a signed-in browser", () => {
    expect(() => requirePermission({ scopes: TOKEN_SCOPES }, "session")).toThrow(/cannot do this/);
  });

  it("passes what is permitted", () => {
    expect(() => requirePermission({ scopes: ["messages"] }, "messages")).not.toThrow();
    expect(() => requirePermission({}, "session")).not.toThrow();
  });
});

describe("token management and the command table", () => {
  it("needs a browser session for every token command and a tab's visibility, and a scope for every other command", () => {
    // A tab's word that it is on screen holds back its owner's push notifications: a bot's must not.
    const sessionOnly = (event: string) => event.startsWith("token:") || event === "tab:set-visibility";
    for (const [event, needs] of Object.entries(COMMAND_SCOPES)) {
      if (sessionOnly(event)) expect(needs).toBe("session");
      else expect(TOKEN_SCOPES).toContain(needs);
    }
  });

  it("keeps reading presence apart from changing it", () => {
    expect(COMMAND_SCOPES["presence:fetch"]).toBe("presence:read");
    expect(COMMAND_SCOPES["watchers:get"]).toBe("presence:read");
    expect(COMMAND_SCOPES["presence:set-status"]).toBe("presence:manage");
    expect(COMMAND_SCOPES["privacy:set-rules"]).toBe("presence:manage");
    expect(COMMAND_SCOPES["im:send"]).toBe("messages");
  });
});

describe("scopes as chosen and as stored", () => {
  it("accepts known scopes, drops duplicates and keeps the canonical order", () => {
    expect(tokenScopesSchema.parse(["messages", "presence:read", "messages"])).toEqual(["presence:read", "messages"]);
  });

  it("refuses no scope at all, and unknown ones", () => {
    expect(tokenScopesSchema.safeParse([]).success).toBe(false);
    expect(tokenScopesSchema.safeParse(["admin"]).success).toBe(false);
    expect(tokenScopesSchema.safeParse("messages").success).toBe(false);
  });

  it("round-trips through storage and ignores words it does not know", () => {
    expect(parseStoredScopes(storedScopes(["presence:read", "messages"]))).toEqual(["presence:read", "messages"]);
    expect(parseStoredScopes("messages  retired:scope presence:manage")).toEqual(["presence:manage", "messages"]);
    expect(parseStoredScopes("")).toEqual([]);
  });
});
