import { describe, expect, it } from "vitest";
import type { PresenceDocument } from "./document";
import type { AccessDecision } from "./rules/evaluate-access";
import { renderView } from "./rules/render-view";
import { WatcherViews, versioned } from "./watcher-views";

const ALLOW: AccessDecision = { action: "allow", hiddenTupleIds: [], hideLastSeen: false };
const HIDE_LAST_SEEN: AccessDecision = { action: "allow", hiddenTupleIds: [], hideLastSeen: true };
const LIMITED: AccessDecision = { action: "limited", hiddenTupleIds: [], hideLastSeen: false };
const POLITE_BLOCK: AccessDecision = { action: "polite-block", hiddenTupleIds: [], hideLastSeen: false };

const T = Date.UTC(2026, 11, 6, 12);

/** A presentity with a note and a phone tuple, online unless `online` is false. */
const doc = (over: Partial<PresenceDocument> = {}, online = true): PresenceDocument => ({
  userId: "u-alice",
  username: "alice",
  displayName: "Alice",
  version: 1_000,
  availability: "available",
  note: "at lunch",
  statusExpiresAt: null,
  userTuples: [{ id: "t1", means: "tel", address: "+1 555 0100", label: "mobile", status: "open" }],
  devices: online ? [{ id: "d1", label: "Firefox on Linux", idle: false, since: T - 60_000 }] : [],
  lastSeenAt: online ? null : T - 3_600_000,
  updatedAt: T - 60_000,
  ...over,
});

function given(views: WatcherViews, watcherId: string, decision: AccessDecision, document: PresenceDocument, now = T) {
  const record = views.record(watcherId);
  record.decision = decision;
  const { rendered, version, changed } = views.resolve(record, decision, document, now);
  return { view: versioned(rendered, version), changed };
}

describe("WatcherViews", () => {
  it("starts every watcher at version 1, whatever the document's version", () => {
    const views = new WatcherViews();
    const first = given(views, "bob", ALLOW, doc({ version: 123_456_789 }));
    expect(first).toEqual({ view: { ...renderView(doc(), ALLOW), version: 1 }, changed: true });
  });

  it("moves a watcher's version by one exactly when its content changes", () => {
    const views = new WatcherViews();
    given(views, "bob", ALLOW, doc());
    expect(given(views, "bob", ALLOW, doc({ version: 1_001 }))).toMatchObject({ changed: false, view: { version: 1 } });
    expect(given(views, "bob", ALLOW, doc({ version: 1_002, note: "back" }))).toMatchObject({ changed: true, view: { version: 2 } });
  });

  it("counts per watcher: a limited watcher does not see the allowed one's changes in its versions", () => {
    const views = new WatcherViews();
    given(views, "bob", ALLOW, doc());
    given(views, "carol", LIMITED, doc());
    for (let step = 1; step <= 5; step += 1) {
      given(views, "bob", ALLOW, doc({ version: 1_000 + step, note: `note ${step}` }));
      given(views, "carol", LIMITED, doc({ version: 1_000 + step, note: `note ${step}` }));
    }
    expect(given(views, "bob", ALLOW, doc({ version: 1_006, note: "note 5" })).view.version).toBe(6);
    expect(given(views, "carol", LIMITED, doc({ version: 1_006, note: "note 5" })).view.version).toBe(1);
  });

  it("grows across a change of decision, even to a view rendered long ago for others", () => {
    const views = new WatcherViews();
    given(views, "carol", LIMITED, doc());
    for (let step = 1; step <= 3; step += 1) given(views, "bob", ALLOW, doc({ version: 1_000 + step, note: `n${step}` }));
    const limited = given(views, "bob", LIMITED, doc({ version: 1_003, note: "n3" }));
    expect(limited).toMatchObject({ changed: true, view: { version: 4, access: "limited" } });
  });

  it("freezes a hidden view as a contact who went offline at that moment", () => {
    const views = new WatcherViews();
    given(views, "bob", ALLOW, doc());
    const hidden = given(views, "bob", POLITE_BLOCK, doc({ version: 1_001 }), T + 5_000);
    expect(hidden.changed).toBe(true);
    expect(hidden.view).toEqual({
      username: "alice",
      displayName: "Alice",
      version: 2,
      access: "full",
      status: { basic: "closed", availability: null, note: "at lunch", expiresAt: null, lastSeenAt: new Date(T + 5_000).toISOString() },
      tuples: renderView(doc(), ALLOW).tuples.filter((tuple) => tuple.kind === "user"),
    });
    // What really happens meanwhile stays unseen: a new note, devices, going offline.
    const later = given(views, "bob", POLITE_BLOCK, doc({ version: 1_005, note: "secret" }, false), T + 60_000);
    expect(later).toEqual({ view: hidden.view, changed: false });
  });

  it("looks the same as a real offline contact's view", () => {
    const views = new WatcherViews();
    given(views, "bob", ALLOW, doc());
    const hidden = given(views, "bob", POLITE_BLOCK, doc(), T + 5_000).view;
    const offline = renderView(doc({ lastSeenAt: T + 5_000 }, false), ALLOW);
    expect({ ...hidden, version: undefined }).toEqual({ ...offline, version: undefined });
  });

  it("expires a frozen note when a real offline contact's would, exactly as that contact's view changes", () => {
    const expiresAt = new Date(T + 60_000).toISOString();
    const views = new WatcherViews();
    given(views, "bob", ALLOW, doc({ statusExpiresAt: T + 60_000 }));
    const hidden = given(views, "bob", POLITE_BLOCK, doc({ statusExpiresAt: T + 60_000 }), T + 5_000);
    expect(hidden.view.status).toMatchObject({ note: "at lunch", expiresAt });
    expect(views.nextHiddenExpiry(T + 5_000)).toBe(T + 60_000);
    // Meanwhile the presentity set a note of its own that does not expire: the frozen one still does.
    const secret = doc({ note: "secret", statusExpiresAt: null });
    expect(given(views, "bob", POLITE_BLOCK, secret, T + 59_999).changed).toBe(false);
    const expired = given(views, "bob", POLITE_BLOCK, secret, T + 60_003);
    expect(expired).toMatchObject({ changed: true, view: { version: 3 } });
    expect(views.nextHiddenExpiry(T + 60_003)).toBeNull();
    // What an offline contact whose status expired then shows (status-expiry.ts).
    const offline = renderView(doc({ note: null, statusExpiresAt: null, lastSeenAt: T + 5_000, updatedAt: T + 60_003 }, false), ALLOW);
    expect({ ...expired.view, version: undefined }).toEqual({ ...offline, version: undefined });
    expect(given(views, "bob", POLITE_BLOCK, secret, T + 90_000).changed).toBe(false);
  });

  it("keeps last seen hidden from a watcher who could not see it", () => {
    const views = new WatcherViews();
    given(views, "bob", HIDE_LAST_SEEN, doc());
    given(views, "carol", LIMITED, doc());
    expect(given(views, "bob", POLITE_BLOCK, doc(), T + 5_000).view.status.lastSeenAt).toBeNull();
    expect(given(views, "carol", POLITE_BLOCK, doc(), T + 5_000).view.status).toEqual({
      basic: "closed",
      availability: null,
      note: null,
      expiresAt: null,
      lastSeenAt: null,
    });
  });

  it("keeps the last seen of a contact that was already offline", () => {
    const views = new WatcherViews();
    given(views, "bob", ALLOW, doc({}, false));
    const hidden = given(views, "bob", POLITE_BLOCK, doc({}, true), T + 5_000);
    expect(hidden.changed).toBe(false);
    expect(hidden.view.status.lastSeenAt).toBe(new Date(T - 3_600_000).toISOString());
  });

  it("shows nothing to a watcher whose first look is hidden, and follows the display name", () => {
    const views = new WatcherViews();
    const first = given(views, "bob", POLITE_BLOCK, doc());
    expect(first.view.status).toEqual({ basic: "closed", availability: null, note: null, expiresAt: null, lastSeenAt: null });
    expect(first.view.tuples).toEqual([]);
    const renamed = given(views, "bob", POLITE_BLOCK, doc({ displayName: "Alice B." }));
    expect(renamed).toMatchObject({ changed: true, view: { displayName: "Alice B.", version: 2 } });
  });

  it("opens again to the current view, one version on", () => {
    const views = new WatcherViews();
    given(views, "bob", ALLOW, doc());
    given(views, "bob", POLITE_BLOCK, doc(), T + 5_000);
    const open = given(views, "bob", ALLOW, doc({ version: 1_010, note: "hello again" }), T + 9_000);
    expect(open).toMatchObject({ changed: true, view: { version: 3, status: { basic: "open", note: "hello again" } } });
  });

  it("renders a shared view once for every watcher of the same decision", () => {
    const views = new WatcherViews();
    const a = views.resolve(views.record("bob"), ALLOW, doc(), T);
    const b = views.resolve(views.record("carol"), ALLOW, doc(), T);
    expect(a.rendered).toBe(b.rendered);
  });
});
