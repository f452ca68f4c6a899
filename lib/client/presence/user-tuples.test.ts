import { describe, expect, it } from "vitest";
import type { TupleView } from "@/lib/protocol";
import { addressOf, draftsFromView, tupleHref, tuplesPayload } from "./user-tuples";
import { view } from "@/lib/client/testing/presence-fixtures";

const tuple = (overrides: Partial<TupleView>): TupleView => ({
  id: "t1",
  kind: "user",
  status: "open",
  contact: "tel:+15550100",
  means: "tel",
  label: null,
  since: "2026-01-01T00:00:00.000Z",
  ...overrides,
});

describe("addressOf and tupleHref", () => {
  it("strips the URI scheme the server adds, and keeps web addresses and text", () => {
    expect(addressOf(tuple({ means: "tel", contact: "tel:+15550100" }))).toBe("+15550100");
    expect(addressOf(tuple({ means: "mailto", contact: "mailto:bob@example.org" }))).toBe("bob@example.org");
    expect(addressOf(tuple({ means: "xmpp", contact: "xmpp:bob@example.org" }))).toBe("bob@example.org");
    expect(addressOf(tuple({ means: "https", contact: "https://example.org/bob" }))).toBe("https://example.org/bob");
    expect(addressOf(tuple({ means: "text", contact: "Room 4" }))).toBe("Room 4");
  });

  it("links only what a browser can open", () => {
    expect(tupleHref(tuple({ means: "mailto", contact: "mailto:bob@example.org" }))).toBe("mailto:bob@example.org");
    expect(tupleHref(tuple({ means: "https", contact: "https://example.org" }))).toBe("https://example.org");
    expect(tupleHref(tuple({ means: "https", contact: "javascript:alert(1)" }))).toBeUndefined();
    expect(tupleHref(tuple({ means: "text", contact: "Room 4" }))).toBeUndefined();
  });
});

describe("drafts", () => {
  it("come from my user tuples only, in order, and go back with their ids", () => {
    const me = view("alice", {
      tuples: [
        tuple({ id: "device-1", kind: "device", means: "im", contact: "im:alice" }),
        tuple({ id: "a", means: "mailto", contact: "mailto:alice@example.org", label: "Work" }),
        tuple({ id: "b", status: "closed" }),
      ],
    });
    const drafts = draftsFromView(me);
    expect(drafts.map((draft) => draft.id)).toEqual(["a", "b"]);
    expect(tuplesPayload([...drafts, { key: "new-1", means: "text", address: "Room 4", label: "  ", status: "open" }])).toEqual([
      { id: "a", means: "mailto", address: "alice@example.org", label: "Work", status: "open" },
      { id: "b", means: "tel", address: "+15550100", label: null, status: "closed" },
      { means: "text", address: "Room 4", label: null, status: "open" },
    ]);
  });
});
