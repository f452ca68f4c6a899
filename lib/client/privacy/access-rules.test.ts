import { describe, expect, it } from "vitest";
import type { ProtocolError } from "@/lib/protocol";
import {
  describeRule,
  draftsFromRules,
  FALLBACK_DESCRIPTION,
  insertionIndex,
  type RuleDraft,
  ruleIssues,
  rulesPayload,
  subjectName,
  tupleNamer,
  unreachableReasons,
} from "./access-rules";
import { view } from "@/lib/client/testing/presence-fixtures";

const bob = { type: "user", username: "bob", displayName: "Bob" } as const;
const names: Record<string, string> = { t1: "Mobile", t2: "Email" };
const tupleName = (id: string) => names[id];

function draft(subject: RuleDraft["subject"], action: RuleDraft["action"] = "allow", extra: Partial<RuleDraft> = {}): RuleDraft {
  return { key: `k-${JSON.stringify(subject)}-${action}`, subject, action, hiddenTupleIds: [], hideLastSeen: false, ...extra };
}

describe("describeRule", () => {
  it("names a person with their username, and hidden details after 'except'", () => {
    expect(describeRule(draft(bob, "allow", { hiddenTupleIds: ["t1"], hideLastSeen: true }), tupleName)).toBe(
      "Bob (@bob) — sees everything, except: Mobile, last seen",
    );
  });

  it("agrees in number with the subject", () => {
    expect(describeRule(draft({ type: "contacts" }), tupleName)).toBe("My contacts — see everything");
    expect(describeRule(draft({ type: "signed-in" }, "confirm"), tupleName)).toBe(
      "Anyone signed in — must ask; sees online/offline only until I approve",
    );
    expect(describeRule(draft({ type: "group", groupId: "g", name: "Work" }, "limited"), tupleName)).toBe(
      "People in my group “Work” — see online/offline only",
    );
  });

  it("says what each closed action means", () => {
    expect(describeRule(draft(bob, "polite-block"), tupleName)).toBe("Bob (@bob) — always sees me offline (they can’t tell)");
    expect(describeRule(draft({ type: "hidden-watchers" }, "block"), tupleName)).toBe(
      "People who hide their watching — can’t find me: I appear not to exist",
    );
  });

  it("ignores hidden details where the action shows nothing to hide, and names removed addresses", () => {
    expect(describeRule(draft(bob, "limited", { hiddenTupleIds: ["t1"], hideLastSeen: true }), tupleName)).toBe(
      "Bob (@bob) — sees online/offline only",
    );
    expect(describeRule(draft(bob, "confirm", { hiddenTupleIds: ["gone"] }), tupleName)).toBe(
      "Bob (@bob) — must ask; sees online/offline only until I approve, then everything except: an address I removed",
    );
  });

  it("does not repeat a username that is also the display name", () => {
    expect(subjectName({ type: "user", username: "carol", displayName: "carol" })).toBe("@carol");
    expect(subjectName({ type: "token", tokenId: null })).toBe("Any app or script using an access token");
    expect(FALLBACK_DESCRIPTION).toMatch(/^Anyone else — must ask/);
  });
});

describe("rulesPayload", () => {
  it("sends subjects by reference, and details only where they apply", () => {
    const drafts = draftsFromRules([
      { id: "r1", subject: bob, action: "limited", hiddenTupleIds: ["t1"], hideLastSeen: true },
      { id: "r2", subject: { type: "group", groupId: "g", name: "Work" }, action: "allow", hiddenTupleIds: ["t2"], hideLastSeen: true },
      { id: "r3", subject: { type: "token", tokenId: null }, action: "block", hiddenTupleIds: [], hideLastSeen: false },
    ]);
    expect(rulesPayload(drafts)).toEqual([
      { subject: { type: "user", username: "bob" }, action: "limited", hiddenTupleIds: [], hideLastSeen: false },
      { subject: { type: "group", groupId: "g" }, action: "allow", hiddenTupleIds: ["t2"], hideLastSeen: true },
      { subject: { type: "token", tokenId: null }, action: "block", hiddenTupleIds: [], hideLastSeen: false },
    ]);
  });
});

describe("insertionIndex", () => {
  const defaults = [draft({ type: "contacts" }), draft({ type: "signed-in" }, "confirm")];

  it("puts a narrower rule above broader ones, and after rules as narrow", () => {
    expect(insertionIndex(defaults, bob)).toBe(0);
    expect(insertionIndex([draft(bob), ...defaults], { type: "user", username: "dan", displayName: "Dan" })).toBe(1);
    expect(insertionIndex(defaults, { type: "hidden-watchers" })).toBe(0);
    expect(insertionIndex(defaults, { type: "signed-in" })).toBe(2);
  });
});

describe("unreachableReasons", () => {
  it("flags rules below 'anyone signed in' and second rules about the same people", () => {
    const reasons = unreachableReasons([draft(bob), draft(bob, "block"), draft({ type: "signed-in" }), draft({ type: "contacts" })]);
    expect(reasons[0]).toBeUndefined();
    expect(reasons[1]).toMatch(/same people/);
    expect(reasons[2]).toBeUndefined();
    expect(reasons[3]).toMatch(/Anyone signed in/);
  });
});

describe("ruleIssues", () => {
  const error = (issues: { path: string; message: string }[]): ProtocolError => ({ code: "invalid_payload", message: "No.", issues });

  it("places indexed issues at their rule", () => {
    const drafts = [draft(bob), draft({ type: "contacts" })];
    const { byRule, placed } = ruleIssues(error([{ path: "rules.1.action", message: "Bad action." }]), drafts, new Set());
    expect(byRule.get(1)).toEqual(["Bad action."]);
    expect(placed("rules.1.action")).toBe(true);
  });

  it("places an unknown person at the one person added since the last save", () => {
    const saved = draft(bob);
    const added = { ...draft({ type: "user", username: "zz", displayName: "zz" }), key: "new-1" };
    const issue = [{ path: "subject.username", message: "No account with that name." }];
    expect(ruleIssues(error(issue), [saved, added], new Set([saved.key])).byRule.get(1)).toEqual(["No account with that name."]);
    // Two new people: the server does not say which, so the message stays with the form.
    const another = { ...added, key: "new-2" };
    const { byRule, placed } = ruleIssues(error(issue), [saved, added, another], new Set([saved.key]));
    expect(byRule.size).toBe(0);
    expect(placed("subject.username")).toBe(false);
  });
});

describe("tupleNamer", () => {
  it("names an address by its label, else by kind and address", () => {
    const me = view("alice", {
      tuples: [
        { id: "t1", kind: "user", status: "open", contact: "tel:+15550100", means: "tel", address: "+1 555 0100", label: "Mobile", since: "" },
        { id: "t2", kind: "user", status: "open", contact: "mailto:a@example.org", means: "mailto", address: "a@example.org", label: null, since: "" },
      ],
    });
    const name = tupleNamer(me);
    expect([name("t1"), name("t2"), name("gone")]).toEqual(["Mobile", "Email a@example.org", undefined]);
  });
});
