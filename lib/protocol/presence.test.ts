import { describe, expect, it } from "vitest";
import {
  fetchPresenceSchema,
  MAX_USER_TUPLES,
  NOTE_MAX_LENGTH,
  type TupleMeans,
  setStatusSchema,
  setUserTuplesSchema,
  userTupleInputSchema,
} from "./presence";

describe("fetchPresenceSchema", () => {
  it("takes a username, and follow only as true", () => {
    expect(fetchPresenceSchema.parse({ username: " Alice " })).toEqual({ username: "alice" });
    expect(fetchPresenceSchema.parse({ username: "alice", follow: true })).toEqual({ username: "alice", follow: true });
    expect(fetchPresenceSchema.safeParse({ username: "alice", follow: false }).success).toBe(false);
    expect(fetchPresenceSchema.safeParse({ username: "alice", watch: true }).success).toBe(false);
  });
});

describe("setStatusSchema", () => {
  it("accepts an availability alone, with no note and no expiry", () => {
    expect(setStatusSchema.parse({ availability: "busy" })).toEqual({ availability: "busy", note: null, expiresAt: null });
  });

  it("refuses an unknown availability", () => {
    expect(setStatusSchema.safeParse({ availability: "invisible" }).success).toBe(false);
    expect(setStatusSchema.safeParse({}).success).toBe(false);
  });

  it("trims the note", () => {
    expect(setStatusSchema.parse({ availability: "away", note: "  lunch  " }).note).toBe("lunch");
  });

  it("turns an empty or blank note into null", () => {
    expect(setStatusSchema.parse({ availability: "away", note: "" }).note).toBeNull();
    expect(setStatusSchema.parse({ availability: "away", note: "   " }).note).toBeNull();
    expect(setStatusSchema.parse({ availability: "away", note: null }).note).toBeNull();
  });

  it(`accepts a note of ${NOTE_MAX_LENGTH} characters and refuses one more`, () => {
    expect(NOTE_MAX_LENGTH).toBe(200);
    expect(setStatusSchema.parse({ availability: "away", note: "x".repeat(200) }).note).toHaveLength(200);
    const result = setStatusSchema.safeParse({ availability: "away", note: "x".repeat(201) });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]).toMatchObject({ path: ["note"], message: "A note has at most 200 characters." });
  });

  it("measures the note after trimming", () => {
    expect(setStatusSchema.safeParse({ availability: "away", note: ` ${"x".repeat(200)} ` }).success).toBe(true);
  });

  it("refuses control characters in the note", () => {
    const result = setStatusSchema.safeParse({ availability: "away", note: "bell\u0007" });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(["note"]);
  });

  it("turns an ISO expiry with an offset into the same instant as a Date", () => {
    const parsed = setStatusSchema.parse({ availability: "busy", expiresAt: "2030-01-02T03:04:05+02:00" });
    expect(parsed.expiresAt).toBeInstanceOf(Date);
    expect(parsed.expiresAt?.toISOString()).toBe("2030-01-02T01:04:05.000Z");
    expect(setStatusSchema.parse({ availability: "busy", expiresAt: "2030-01-02T03:04:05Z" }).expiresAt?.getTime()).toBe(
      Date.UTC(2030, 0, 2, 3, 4, 5),
    );
  });

  it("treats a null expiry as never", () => {
    expect(setStatusSchema.parse({ availability: "busy", expiresAt: null }).expiresAt).toBeNull();
  });

  it("refuses an expiry that is not an ISO date-time with a zone", () => {
    for (const expiresAt of ["tomorrow", "2030-01-02", "2030-01-02 03:04:05", "2030-01-02T03:04:05", 1_900_000_000_000]) {
      const result = setStatusSchema.safeParse({ availability: "busy", expiresAt });
      expect(result.success, String(expiresAt)).toBe(false);
      expect(result.error?.issues[0]?.path).toEqual(["expiresAt"]);
    }
  });

  it("refuses unknown fields", () => {
    const result = setStatusSchema.safeParse({ availability: "available", userId: "someone-else" });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.code).toBe("unrecognized_keys");
  });
});

describe("userTupleInputSchema", () => {
  const tuple = (means: TupleMeans, address: string) => ({ means, address, status: "open" as const });
  const accepts = (means: TupleMeans, address: string) => userTupleInputSchema.safeParse(tuple(means, address)).success;
  /** The issue refusing the address, asserting it points at `address`. */
  function addressIssue(means: TupleMeans, address: string): string {
    const result = userTupleInputSchema.safeParse(tuple(means, address));
    expect(result.success, `${means}:${address}`).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path)).toEqual([["address"]]);
    return result.error?.issues[0]?.message ?? "";
  }

  it("parses a full tuple, trimming address and label", () => {
    expect(
      userTupleInputSchema.parse({ id: "t1", means: "mailto", address: " a@example.org ", label: " Work ", status: "closed" }),
    ).toEqual({ id: "t1", means: "mailto", address: "a@example.org", label: "Work", status: "closed" });
  });

  it("turns a missing or blank label into null", () => {
    expect(userTupleInputSchema.parse(tuple("text", "hello")).label).toBeNull();
    expect(userTupleInputSchema.parse({ ...tuple("text", "hello"), label: "  " }).label).toBeNull();
  });

  it("refuses a label over 40 characters, unknown means, unknown status and unknown fields", () => {
    expect(userTupleInputSchema.safeParse({ ...tuple("text", "hi"), label: "x".repeat(41) }).success).toBe(false);
    expect(userTupleInputSchema.safeParse(tuple("sms" as TupleMeans, "+15550100")).success).toBe(false);
    expect(userTupleInputSchema.safeParse({ ...tuple("text", "hi"), status: "busy" }).success).toBe(false);
    expect(userTupleInputSchema.safeParse({ ...tuple("text", "hi"), userId: "x" }).success).toBe(false);
  });

  it("refuses an empty address or one over 200 characters, pointing at address", () => {
    const empty = userTupleInputSchema.safeParse(tuple("text", "   "));
    expect(empty.error?.issues[0]).toMatchObject({ path: ["address"], message: "Enter an address." });
    const long = userTupleInputSchema.safeParse(tuple("text", "x".repeat(201)));
    expect(long.error?.issues[0]).toMatchObject({ path: ["address"], message: "Use at most 200 characters." });
  });

  describe("tel", () => {
    it("accepts phone numbers with spaces and punctuation", () => {
      for (const address of ["+1 555 0100", "+44 (20) 7946-0958", "030/123.456", "5550100"]) {
        expect(accepts("tel", address), address).toBe(true);
      }
    });
    it("refuses what is not a phone number", () => {
      for (const address of ["call me", "+", "12", "+1 555 CALL", "tel:+15550100"]) {
        expect(addressIssue("tel", address)).toBe("Enter a phone number, e.g. +1 555 0100.");
      }
    });
  });

  describe("mailto", () => {
    it("accepts an email address", () => {
      expect(accepts("mailto", "alice@example.org")).toBe(true);
    });
    it("refuses what is not an email address", () => {
      for (const address of ["alice", "alice@", "@example.org", "mailto:alice@example.org", "a b@example.org"]) {
        expect(addressIssue("mailto", address)).toBe("Enter an email address.");
      }
    });
  });

  describe("https", () => {
    it("accepts https addresses with a dotted host", () => {
      for (const address of ["https://example.org", "https://alice.example.org/blog?x=1#top"]) {
        expect(accepts("https", address), address).toBe(true);
      }
    });
    it("refuses other schemes, hosts without a dot, and non-URLs", () => {
      for (const address of [
        "http://example.org",
        "javascript:alert(1)",
        "ftp://example.org",
        "https://localhost",
        "example.org",
        "https://",
      ]) {
        expect(addressIssue("https", address)).toBe("Enter a web address starting with https://");
      }
    });
  });

  describe("xmpp", () => {
    it("accepts a Jabber ID", () => {
      expect(accepts("xmpp", "alice@jabber.example.org")).toBe(true);
    });
    it("refuses what is not a bare Jabber ID", () => {
      for (const address of ["alice", "alice@localhost", "alice@example.org/phone", "a@b@example.org", "a b@example.org"]) {
        expect(addressIssue("xmpp", address)).toBe("Enter a Jabber ID, e.g. alice@example.org.");
      }
    });
  });

  describe("text", () => {
    it("accepts free text", () => {
      expect(accepts("text", "Desk 4.12, ask at reception")).toBe(true);
    });
    it("refuses control characters", () => {
      expect(addressIssue("text", "line\u0000break")).toBe("Enter some text.");
    });
  });
});

describe("setUserTuplesSchema", () => {
  const tuples = (count: number) =>
    Array.from({ length: count }, (_, i) => ({ means: "text" as const, address: `entry ${i}`, status: "open" as const }));

  it(`accepts an empty list and up to ${MAX_USER_TUPLES} tuples`, () => {
    expect(setUserTuplesSchema.parse({ tuples: [] })).toEqual({ tuples: [] });
    expect(setUserTuplesSchema.parse({ tuples: tuples(20) }).tuples).toHaveLength(20);
  });

  it("refuses 21 tuples", () => {
    const result = setUserTuplesSchema.safeParse({ tuples: tuples(21) });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]).toMatchObject({ path: ["tuples"], message: "At most 20 entries." });
  });

  it("points an invalid address at its index in the list", () => {
    const list = [...tuples(2), { means: "tel" as const, address: "not a number", status: "open" as const }];
    const result = setUserTuplesSchema.safeParse({ tuples: list });
    expect(result.error?.issues.map((issue) => issue.path)).toEqual([["tuples", 2, "address"]]);
  });

  it("refuses unknown fields", () => {
    expect(setUserTuplesSchema.safeParse({ tuples: [], extra: true }).success).toBe(false);
  });
});
