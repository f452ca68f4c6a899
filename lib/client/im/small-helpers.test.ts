import { describe, expect, it } from "vitest";
import { newClientId } from "./client-id";
import { parseInboxAddress } from "./inbox-address";
import { clockTime, listTime } from "@/lib/client/format/message-time";
import { sendFailureText } from "./send-failure";
import { titleWithUnread } from "./unread-title";

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe("newClientId", () => {
  it("uses randomUUID where the browser has it", () => {
    const id = "1b4e28ba-2fa1-41d2-883f-0016d3cca427";
    expect(newClientId({ randomUUID: () => id, getRandomValues: <T extends ArrayBufferView | null>(array: T) => array })).toBe(id);
  });

  it("builds a version 4 UUID from random bytes outside secure contexts", () => {
    const bytes = (value: number) => ({
      getRandomValues<T extends ArrayBufferView | null>(array: T): T {
        if (array) new Uint8Array(array.buffer).fill(value);
        return array;
      },
    });
    expect(newClientId(bytes(0xff))).toMatch(UUID_V4);
    expect(newClientId(bytes(0))).toMatch(UUID_V4);
  });
});

describe("parseInboxAddress", () => {
  it("takes a username or an im: address, in any case", () => {
    expect(parseInboxAddress("alice")).toEqual({ ok: true, username: "alice" });
    expect(parseInboxAddress("  IM:Alice_2 ")).toEqual({ ok: true, username: "alice_2" });
  });

  it("explains what is wrong", () => {
    expect(parseInboxAddress("im:")).toMatchObject({ ok: false, message: expect.stringContaining("im:alice") });
    expect(parseInboxAddress("al")).toMatchObject({ ok: false, message: "Use at least 3 characters." });
    expect(parseInboxAddress("alice smith")).toMatchObject({ ok: false, message: "Use only letters, digits, and _ . -" });
  });
});

describe("sendFailureText", () => {
  it("says how long to wait when rate limited", () => {
    expect(sendFailureText({ code: "rate_limited", message: "x", retryAfter: 42 })).toBe(
      "You are sending messages too fast. Try again in 42 s.",
    );
  });

  it("says the same for an unknown address and a block", () => {
    expect(sendFailureText({ code: "not_found", message: "There is no account with that name." })).toBe(
      "No account with that address.",
    );
  });

  it("gives the body's problem for an invalid body, and the server's words otherwise", () => {
    expect(
      sendFailureText({ code: "invalid_payload", message: "Invalid", issues: [{ path: "body", message: "Write a message." }] }),
    ).toBe("Write a message.");
    expect(
      sendFailureText({
        code: "invalid_payload",
        message: "You cannot send a message to yourself.",
        issues: [{ path: "to", message: "That is you." }],
      }),
    ).toBe("You cannot send a message to yourself.");
    expect(sendFailureText({ code: "forbidden", message: "bob accepts messages from contacts only." })).toBe(
      "bob accepts messages from contacts only.",
    );
  });
});

describe("titleWithUnread", () => {
  it("puts the count in front, replaces an old one, and drops it at zero", () => {
    expect(titleWithUnread("buddylist", 3)).toBe("(3) buddylist");
    expect(titleWithUnread("(3) Messages · buddylist", 4)).toBe("(4) Messages · buddylist");
    expect(titleWithUnread("(4) buddylist", 0)).toBe("buddylist");
    expect(titleWithUnread("buddylist", 250)).toBe("(99+) buddylist");
    expect(titleWithUnread("(99+) buddylist", 1)).toBe("(1) buddylist");
  });
});

describe("message times", () => {
  const now = new Date(2026, 10, 5, 15, 0);
  it("shows the time today, Yesterday, the weekday this week, else the date", () => {
    expect(listTime(new Date(2026, 10, 5, 9, 5).toISOString(), now, "en-GB")).toBe("9:05");
    expect(listTime(new Date(2026, 10, 4, 23, 0).toISOString(), now, "en-GB")).toBe("Yesterday");
    expect(listTime(new Date(2026, 10, 2, 12, 0).toISOString(), now, "en-GB")).toBe("Mon");
    expect(listTime(new Date(2026, 9, 20, 12, 0).toISOString(), now, "en-GB")).toBe("20 Oct");
    expect(listTime(new Date(2025, 9, 20, 12, 0).toISOString(), now, "en-GB")).toBe("20 Oct 2025");
    expect(clockTime(new Date(2026, 10, 5, 21, 5).toISOString(), "en-GB")).toBe("21:05");
    expect(clockTime(new Date(2026, 10, 5, 9, 5).toISOString(), "en-US")).toMatch(/^9:05\sAM$/);
  });
});
