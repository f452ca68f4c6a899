import { describe, expect, it } from "vitest";
import type { ExportStore } from "@/lib/db/accounts/export-store";
import type { ShownWatcher } from "@/lib/presence/watcher-info";
import { accountExportSchema } from "@/lib/protocol/export";
import { buildExport } from "./export-format";

type Collected = Awaited<ReturnType<ExportStore["collect"]>>;

const since = new Date("2026-11-01T10:00:00.000Z");

/** An account with nothing but these watchers. */
function collected(watcherIds: string[]): Collected {
  return {
    user: { username: "alice", displayName: "Alice", createdAt: since },
    presentity: null,
    tuples: [],
    groups: [],
    watching: [],
    watchers: watcherIds.map((watcherId) => ({ watcherId, state: "active", createdAt: since })),
    rules: [],
    visibility: [],
    tokens: [],
    inbox: null,
    conversations: [],
    messages: [],
    pushDevices: [],
    pushPreference: null,
    quietHours: null,
    names: new Map(),
  } as unknown as Collected;
}

const named = (username: string): ShownWatcher => ({ counted: false, username, displayName: username });

describe("the export's watchers", () => {
  it("lists watchers as watcher information shows them: hidden ones counted, withheld names null", () => {
    const shown = new Map<string, ShownWatcher>([
      ["u-bob", named("bob")],
      ["u-carol", { counted: true }],
      ["u-dave", { counted: false, username: null, displayName: null }],
    ]);
    const data = buildExport(collected(["u-bob", "u-carol", "u-dave", "u-deleted"]), new Date(), { watchers: shown, knownPeople: new Set() });
    expect(data.watchers).toEqual([
      { username: "bob", subscription: "active", since: since.toISOString() },
      { username: null, subscription: "active", since: since.toISOString() },
    ]);
    expect(data.hiddenWatchers).toBe(1);
  });

  it("names nobody it was not told how to show", () => {
    const data = buildExport(collected(["u-bob"]), new Date(), { watchers: new Map(), knownPeople: new Set() });
    expect(data.watchers).toEqual([]);
    expect(JSON.stringify(data)).not.toContain("u-bob");
  });
});

describe("the export's rules", () => {
  it("leave out rules about people I may not know of, as if their accounts were deleted", () => {
    const data = buildExport(
      {
        ...collected([]),
        rules: [
          { subjectType: "user", subjectId: "u-blocker", action: "allow", hideLastSeen: false, hiddenTupleIds: "[]" },
          { subjectType: "user", subjectId: "u-bob", action: "block", hideLastSeen: false, hiddenTupleIds: "[]" },
          { subjectType: "contacts", subjectId: null, action: "allow", hideLastSeen: false, hiddenTupleIds: "[]" },
        ],
        visibility: [
          { presentityId: "*", visibility: "visible" },
          { presentityId: "u-blocker", visibility: "hidden" },
          { presentityId: "u-bob", visibility: "hidden" },
        ],
        names: new Map([
          ["u-blocker", "blocker"],
          ["u-bob", "bob"],
        ]),
      } as unknown as Collected,
      new Date(),
      { watchers: new Map(), knownPeople: new Set(["u-bob"]) },
    );
    expect(data.accessRules.map((rule) => rule.subject)).toEqual([{ type: "user", username: "bob" }, { type: "contacts", id: null }]);
    expect(data.visibilityRules).toEqual([
      { presentity: "*", visibility: "visible" },
      { presentity: "bob", visibility: "hidden" },
    ]);
    expect(JSON.stringify(data)).not.toContain("blocker");
  });
});

// The export as built from stored rows is exactly what its schema (and so the OpenAPI
// description) says: every enumerated column value fits, and no field is left undescribed.
const at = new Date("2026-11-25T10:00:00.000Z");

const stored = {
  user: { username: "alice", displayName: "Alice", createdAt: at },
  presentity: { availability: "busy", note: "in a meeting", statusExpiresAt: null, lastSeenAt: at, invisible: false },
  tuples: [{ means: "tel", address: "+1 555 0100", label: "Mobile", status: "open" }],
  groups: [{ name: "Friends", members: [{ contactId: "id-bob" }, { contactId: "id-gone" }] }],
  watching: [{ presentity: { username: "bob", displayName: "Bob" }, state: "active", createdAt: at }],
  watchers: [{ watcherId: "id-bob", state: "pending", createdAt: at }],
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
  conversations: [{ peer: { username: "bob" }, state: "declined", pinnedAt: at, muted: true, markedUnread: false }],
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
  pushDevices: [{ userAgent: "Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0", createdAt: at }],
  pushPreference: { showText: false },
  quietHours: { zone: "Europe/Berlin", ranges: '[{"days":[1,2,3,4,5],"start":"22:00","end":"07:00"}]' },
  names: new Map([
    ["id-bob", "bob"],
    ["id-mallory", "mallory"],
  ]),
} as unknown as Collected;

describe("the export document", () => {
  it("builds a document its schema describes completely", () => {
    const views = { watchers: new Map([["id-bob", named("bob")]]), knownPeople: new Set(["id-mallory", "id-bob"]) };
    const document = buildExport(stored, at, views);
    // Parsing drops fields the schema does not name: equal means none was left out.
    expect(accountExportSchema.parse(document)).toEqual(document);
    expect(document.groups).toEqual([{ name: "Friends", members: ["bob"] }]);
    expect(document.accessRules[0]!.subject).toEqual({ type: "user", username: "mallory" });
    expect(document.inbox.conversations).toEqual([
      { peer: "bob", state: "declined", pinnedAt: at.toISOString(), muted: true, markedUnread: false },
    ]);
    expect(document.inbox.messages[0]).toMatchObject({ direction: "outgoing", peer: "bob", status: "delivered" });
    expect(document.presence.quietHours).toEqual({ zone: "Europe/Berlin", ranges: [{ days: [1, 2, 3, 4, 5], start: "22:00", end: "07:00" }] });
    expect(document.push).toEqual({ showText: false, devices: [{ device: "Firefox on Linux", subscribedAt: at.toISOString() }] });
    expect(JSON.stringify(document)).not.toContain("Mozilla");
  });
});
