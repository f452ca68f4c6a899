import { describe, expect, it } from "vitest";
import type { UnversionedView } from "./rules/render-view";
import { ViewVersions } from "./view-versions";
import type { AccessDecision } from "./rules/evaluate-access";

const DECISION: AccessDecision = { action: "allow", hiddenTupleIds: [], hideLastSeen: false };

const view = (note: string | null, basic: "open" | "closed" = "open"): UnversionedView => ({
  username: "alice",
  displayName: "Alice",
  access: "full",
  status: { basic, availability: basic === "open" ? "available" : null, note, expiresAt: null, lastSeenAt: null },
  tuples: [],
});

describe("ViewVersions", () => {
  it("versions the first view of a decision with the document version", () => {
    const versions = new ViewVersions();
    const result = versions.resolve("allow", DECISION, view("hi"), 100);
    expect(result.changed).toBe(true);
    expect(result.view).toEqual({ ...view("hi"), version: 100 });
  });

  it("keeps the old version and reports no change when the content is the same", () => {
    const versions = new ViewVersions();
    versions.resolve("allow", DECISION, view("hi"), 100);
    const again = versions.resolve("allow", DECISION, view("hi"), 101);
    expect(again.changed).toBe(false);
    expect(again.view.version).toBe(100);
  });

  it("takes the new document version when the content changed", () => {
    const versions = new ViewVersions();
    versions.resolve("allow", DECISION, view("hi"), 100);
    const changed = versions.resolve("allow", DECISION, view("bye"), 105);
    expect(changed.changed).toBe(true);
    expect(changed.view).toEqual({ ...view("bye"), version: 105 });
    // and that is now the reference for the next comparison
    expect(versions.resolve("allow", DECISION, view("bye"), 106)).toEqual({ view: changed.view, changed: false });
  });

  it("tracks each decision key on its own", () => {
    const versions = new ViewVersions();
    versions.resolve("allow", DECISION, view("hi"), 100);
    versions.resolve("limited", DECISION, view(null), 100);

    // The note changes: the full view moves, the limited view (which cannot show notes) does not.
    expect(versions.resolve("allow", DECISION, view("bye"), 200)).toMatchObject({ changed: true, view: { version: 200 } });
    expect(versions.resolve("limited", DECISION, view(null), 200)).toMatchObject({ changed: false, view: { version: 100 } });

    // A key never seen before gets a view of its own, even with content another key has.
    expect(versions.resolve("polite-block", DECISION, view(null), 300)).toMatchObject({ changed: true, view: { version: 300 } });
  });

  it("forgets every rendered view on clear()", () => {
    const versions = new ViewVersions();
    versions.resolve("allow", DECISION, view("hi"), 100);
    versions.resolve("limited", DECISION, view(null), 100);
    versions.clear();
    expect(versions.resolve("allow", DECISION, view("hi"), 150)).toMatchObject({ changed: true, view: { version: 150 } });
    expect(versions.resolve("limited", DECISION, view(null), 150)).toMatchObject({ changed: true, view: { version: 150 } });
  });
});
