import { describe, expect, it } from "vitest";
import type { SubscriptionState } from "@/lib/protocol/buddy-list";
import {
  type AccessDecision,
  type AccessPolicy,
  type AccessRule,
  DEFAULT_RULES,
  type RuleSubject,
  type WatcherFacts,
  decisionKey,
  evaluateAccess,
  evaluateSubscription,
  forSubscriber,
} from "./evaluate-access";

const nothingHidden = { hiddenTupleIds: [], hideLastSeen: false };
const ALLOW: AccessDecision = { action: "allow", ...nothingHidden };
const LIMITED: AccessDecision = { action: "limited", ...nothingHidden };
const POLITE_BLOCK: AccessDecision = { action: "polite-block", ...nothingHidden };
const BLOCK: AccessDecision = { action: "block", ...nothingHidden };

/** Alice's policy; the default rules unless given. */
const policy = (over: Partial<AccessPolicy> = {}): AccessPolicy => ({
  presentityId: "alice",
  invisible: false,
  rules: DEFAULT_RULES,
  ...over,
});
/** Bob, a signed-in stranger to Alice, unless told otherwise. */
const bob = (over: Partial<WatcherFacts> = {}): WatcherFacts => ({
  watcherId: "bob",
  tokenId: null,
  isContact: false,
  groupIds: [],
  hidden: false,
  subscription: null,
  ...over,
});
const rule = (subject: RuleSubject, action: AccessRule["action"], over: Partial<AccessRule> = {}): AccessRule => ({
  subject,
  action,
  ...nothingHidden,
  ...over,
});

describe("evaluateAccess", () => {
  it("lets a presentity see all of itself, even when invisible or blocking everyone", () => {
    const strict = policy({ invisible: true, rules: [rule({ type: "signed-in" }, "block")] });
    expect(evaluateAccess(strict, bob({ watcherId: "alice" }))).toEqual(ALLOW);
  });

  describe("with the default rules", () => {
    it("lets contacts see everything", () => {
      expect(evaluateAccess(policy(), bob({ isContact: true }))).toEqual(ALLOW);
    });

    it("lets an approved (active) subscriber see everything", () => {
      expect(evaluateAccess(policy(), bob({ subscription: "active" }))).toEqual(ALLOW);
    });

    it.each<[SubscriptionState | null]>([["pending"], ["denied"], ["ended"], [null]])(
      "shows only open/closed to anyone else (subscription %s)",
      (subscription) => {
        expect(evaluateAccess(policy(), bob({ subscription }))).toEqual(LIMITED);
      },
    );
  });

  it("applies the first matching rule", () => {
    const rules = [rule({ type: "user", userId: "bob" }, "block"), rule({ type: "contacts" }, "allow")];
    expect(evaluateAccess(policy({ rules }), bob({ isContact: true }))).toEqual(BLOCK);
    expect(evaluateAccess(policy({ rules }), bob({ watcherId: "carol", isContact: true }))).toEqual(ALLOW);
  });

  it("falls back to confirm when no rule matches", () => {
    const rules = [rule({ type: "contacts" }, "block")];
    expect(evaluateAccess(policy({ rules }), bob())).toEqual(LIMITED);
    expect(evaluateAccess(policy({ rules }), bob({ subscription: "active" }))).toEqual(ALLOW);
    expect(evaluateAccess(policy({ rules: [] }), bob())).toEqual(LIMITED);
  });

  it.each<[RuleSubject, Partial<WatcherFacts>, Partial<WatcherFacts>]>([
    [{ type: "user", userId: "bob" }, {}, { watcherId: "carol" }],
    [{ type: "group", groupId: "family" }, { groupIds: ["work", "family"] }, { groupIds: ["work"] }],
    [{ type: "contacts" }, { isContact: true }, { isContact: false }],
    [{ type: "hidden-watchers" }, { hidden: true }, { hidden: false }],
    [{ type: "token", tokenId: null }, { tokenId: "t1" }, { tokenId: null }],
    [{ type: "token", tokenId: "t1" }, { tokenId: "t1" }, { tokenId: "t2" }],
  ])("a %j rule matches the watchers it names, and no others", (subject, matching, other) => {
    const rules = [rule(subject, "polite-block"), rule({ type: "signed-in" }, "allow")];
    expect(evaluateAccess(policy({ rules }), bob(matching))).toEqual(POLITE_BLOCK);
    expect(evaluateAccess(policy({ rules }), bob(other))).toEqual(ALLOW);
  });

  it("hides the tuples and last seen an allow rule names", () => {
    const rules = [rule({ type: "contacts" }, "allow", { hiddenTupleIds: ["t-phone"], hideLastSeen: true })];
    expect(evaluateAccess(policy({ rules }), bob({ isContact: true }))).toEqual({
      action: "allow",
      hiddenTupleIds: ["t-phone"],
      hideLastSeen: true,
    });
  });

  it("hides them from an approved subscriber under a confirm rule too", () => {
    const rules = [rule({ type: "signed-in" }, "confirm", { hiddenTupleIds: ["t-phone"], hideLastSeen: true })];
    expect(evaluateAccess(policy({ rules }), bob({ subscription: "active" }))).toEqual({
      action: "allow",
      hiddenTupleIds: ["t-phone"],
      hideLastSeen: true,
    });
    expect(evaluateAccess(policy({ rules }), bob())).toEqual(LIMITED);
  });

  it.each(["limited", "polite-block", "block"] as const)("carries no hidden tuples with a %s rule", (action) => {
    const rules = [rule({ type: "signed-in" }, action, { hiddenTupleIds: ["t-phone"], hideLastSeen: true })];
    expect(evaluateAccess(policy({ rules }), bob())).toEqual({ action, ...nothingHidden });
  });

  describe("invisible mode", () => {
    it("polite-blocks contacts, subscribers and strangers alike", () => {
      const invisible = policy({ invisible: true });
      expect(evaluateAccess(invisible, bob({ isContact: true }))).toEqual(POLITE_BLOCK);
      expect(evaluateAccess(invisible, bob({ subscription: "active" }))).toEqual(POLITE_BLOCK);
      expect(evaluateAccess(invisible, bob())).toEqual(POLITE_BLOCK);
    });

    it("keeps blocked watchers blocked", () => {
      const rules = [rule({ type: "user", userId: "bob" }, "block")];
      expect(evaluateAccess(policy({ invisible: true, rules }), bob())).toEqual(BLOCK);
    });
  });
});

describe("evaluateSubscription", () => {
  it.each([
    ["allow", "approve"],
    ["limited", "approve"],
    ["confirm", "confirm"],
    ["polite-block", "ignore"],
    ["block", "refuse"],
  ] as const)("handles a request under a %s rule with %s", (action, handling) => {
    expect(evaluateSubscription(policy({ rules: [rule({ type: "signed-in" }, action)] }), bob())).toBe(handling);
  });

  it("asks the presentity under the default rules, unless the watcher is a contact", () => {
    expect(evaluateSubscription(policy(), bob())).toBe("confirm");
    expect(evaluateSubscription(policy(), bob({ isContact: true }))).toBe("approve");
    expect(evaluateSubscription(policy({ rules: [] }), bob())).toBe("confirm");
  });
});

describe("forSubscriber", () => {
  it("turns a block into a polite block for someone already subscribed", () => {
    expect(forSubscriber(BLOCK)).toEqual(POLITE_BLOCK);
  });

  it("leaves every other decision as it is", () => {
    const hiding: AccessDecision = { action: "allow", hiddenTupleIds: ["t1"], hideLastSeen: true };
    for (const decision of [hiding, LIMITED, POLITE_BLOCK]) expect(forSubscriber(decision)).toBe(decision);
  });
});

describe("decisionKey", () => {
  const decision = (over: Partial<AccessDecision>): AccessDecision => ({ ...ALLOW, ...over });

  it("gives equal decisions equal keys", () => {
    expect(decisionKey(decision({ hiddenTupleIds: ["a"] }))).toBe(decisionKey(decision({ hiddenTupleIds: ["a"] })));
  });

  it("ignores the order of hidden tuple ids", () => {
    expect(decisionKey(decision({ hiddenTupleIds: ["b", "a", "c"] }))).toBe(
      decisionKey(decision({ hiddenTupleIds: ["c", "b", "a"] })),
    );
  });

  it("does not reorder the caller's array", () => {
    const hiddenTupleIds = ["b", "a"];
    decisionKey(decision({ hiddenTupleIds }));
    expect(hiddenTupleIds).toEqual(["b", "a"]);
  });

  it("tells apart decisions that render differently", () => {
    const keys = [
      decision({}),
      decision({ action: "limited" }),
      decision({ action: "polite-block" }),
      decision({ action: "block" }),
      decision({ hideLastSeen: true }),
      decision({ hiddenTupleIds: ["a"] }),
      decision({ hiddenTupleIds: ["a", "b"] }),
      decision({ hiddenTupleIds: ["b"] }),
    ].map(decisionKey);
    expect(new Set(keys).size).toBe(keys.length);
  });
});
