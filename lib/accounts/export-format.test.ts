// The export as built from stored rows is exactly what its schema (and so the OpenAPI
// description) says: every enumerated column value fits, and no field is left undescribed.
import { describe, expect, it } from "vitest";
import { accountExportSchema } from "@/lib/protocol/export";
import { buildExport } from "./export-format";

const at = new Date("2026-11-25T10:00:00.000Z");

const collected = {
  user: { username: "alice", displayName: "Alice", createdAt: at },
  presentity: { availability: "busy", note: "in a meeting", statusExpiresAt: null, lastSeenAt: at, invisible: false },
  tuples: [{ means: "tel", address: "+1 555 0100", label: "Mobile", status: "open" }],
  groups: [{ name: "Friends", members: [{ contactId: "id-bob" }, { contactId: "id-gone" }] }],
  watching: [{ presentity: { username: "bob", displayName: "Bob" }, state: "active", createdAt: at }],
  watchers: [{ watcher: { username: "bob" }, state: "pending", createdAt: at }],
  rules: [
    { subjectType: "user", subjectId: "id-mallory", action: "block", hideLastSeen: false, hiddenTupleIds: "[]" },
    { subjectType: "contacts", subjectId: null, action: "allow", hideLastSeen: true, hiddenTupleIds: '["t1"]' },
  ],
  visibility: [
    { presentityId: "*", visibility: "visible" },
    { presentityId: "id-bob", visibility: "hidden" },
  ],
  tokens: [{ name: "my script", createdAt: at, lastUsedAt: null }],
  inbox: { acceptFrom: "contacts", readReceipts: false, notifyWhileBusy: true },
  conversations: [{ peer: { username: "bob" }, state: "declined" }],
  messages: [
    {
      id: "m1",
      seq: 42,
      sender: { username: "alice" },
      recipient: { username: "bob" },
      body: "hello",
      sentAt: at,
      deliveredAt: at,
      readAt: null,
    },
  ],
  names: new Map([
    ["id-bob", "bob"],
    ["id-mallory", "mallory"],
  ]),
} as unknown as Parameters<typeof buildExport>[0];

describe("buildExport", () => {
  it("builds a document its schema describes completely", () => {
    const document = buildExport(collected, at);
    // Parsing drops fields the schema does not name: equal means none was left out.
    expect(accountExportSchema.parse(document)).toEqual(document);
    expect(document.groups).toEqual([{ name: "Friends", members: ["bob"] }]);
    expect(document.accessRules[0]!.subject).toEqual({ type: "user", username: "mallory" });
    expect(document.inbox.messages[0]).toMatchObject({ direction: "outgoing", peer: "bob", status: "delivered" });
  });
});
