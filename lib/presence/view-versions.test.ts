import { describe, expect, it } from "vitest";
import type { PresenceDocument } from "./document";
import type { AccessDecision } from "./rules/evaluate-access";
import { renderView } from "./rules/render-view";
import { ViewVersions } from "./view-versions";

const ALLOW: AccessDecision = { action: "allow", hiddenTupleIds: [], hideLastSeen: false };
const LIMITED: AccessDecision = { action: "limited", hiddenTupleIds: [], hideLastSeen: false };

/** A connected presentity with a note, at a version. */
const doc = (note: string | null, version: number): PresenceDocument => ({
  userId: "u-alice",
  username: "alice",
  displayName: "Alice",
  version,
  availability: "available",
  note,
  statusExpiresAt: null,
  userTuples: [],
  devices: [{ id: "d1", label: "Firefox on Linux", idle: false, since: 1_000 }],
  lastSeenAt: null,
  updatedAt: 1_000,
});

describe("ViewVersions", () => {
  it("versions the first view of a decision with the document version", () => {
    const versions = new ViewVersions();
    const result = versions.resolve("allow", ALLOW, doc("hi", 100));
    expect(result.changed).toBe(true);
    expect(result.view).toEqual({ ...renderView(doc("hi", 100), ALLOW), version: 100 });
  });

  it("keeps the old version and reports no change when the content is the same", () => {
    const versions = new ViewVersions();
    versions.resolve("allow", ALLOW, doc("hi", 100));
    const again = versions.resolve("allow", ALLOW, doc("hi", 101));
    expect(again.changed).toBe(false);
    expect(again.view.version).toBe(100);
  });

  it("takes the new document version when the content changed", () => {
    const versions = new ViewVersions();
    versions.resolve("allow", ALLOW, doc("hi", 100));
    const changed = versions.resolve("allow", ALLOW, doc("bye", 105));
    expect(changed.changed).toBe(true);
    expect(changed.view).toMatchObject({ status: { note: "bye" }, version: 105 });
    // and that is now the reference for the next comparison
    expect(versions.resolve("allow", ALLOW, doc("bye", 106))).toEqual({ view: changed.view, changed: false });
  });

  it("returns the view already rendered at a document version without rendering again", () => {
    const versions = new ViewVersions();
    const first = versions.resolve("allow", ALLOW, doc("hi", 100));
    expect(versions.resolve("allow", ALLOW, doc("hi", 100)).view).toBe(first.view);
  });

  it("tracks each decision key on its own", () => {
    const versions = new ViewVersions();
    versions.resolve("allow", ALLOW, doc("hi", 100));
    versions.resolve("limited", LIMITED, doc("hi", 100));

    // The note changes: the full view moves, the limited view (which cannot show notes) does not.
    expect(versions.resolve("allow", ALLOW, doc("bye", 200))).toMatchObject({ changed: true, view: { version: 200 } });
    expect(versions.resolve("limited", LIMITED, doc("bye", 200))).toMatchObject({ changed: false, view: { version: 100 } });

    // A key never seen before gets a view of its own.
    expect(versions.resolve("limited-2", LIMITED, doc("bye", 300))).toMatchObject({ changed: true, view: { version: 300 } });
  });

  it("re-renders every known view from a newer document on refresh()", () => {
    const versions = new ViewVersions();
    versions.resolve("allow", ALLOW, doc("hi", 100));
    versions.refresh(doc("from another instance", 150));
    // Already rendered at 150: a later resolve of the same document reports nothing new.
    expect(versions.resolve("allow", ALLOW, doc("from another instance", 150))).toMatchObject({
      changed: false,
      view: { status: { note: "from another instance" }, version: 150 },
    });
  });

  it("forgets every rendered view on clear()", () => {
    const versions = new ViewVersions();
    versions.resolve("allow", ALLOW, doc("hi", 100));
    versions.clear();
    expect(versions.resolve("allow", ALLOW, doc("hi", 150))).toMatchObject({ changed: true, view: { version: 150 } });
  });
});
