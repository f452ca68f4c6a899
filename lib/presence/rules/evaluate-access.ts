// The one evaluation that decides what a watcher may see of a presentity and how its
// subscription request is handled. Every path — lookup, poll, subscription, notification,
// snapshot, search — asks it. Pure: the facts come in as arguments; no storage, no clock.
import type { SubscriptionState } from "@/lib/protocol/buddy-list";
import type { AccessRuleAction } from "@/lib/protocol/privacy";

export type RuleSubject =
  | { type: "user"; userId: string }
  | { type: "group"; groupId: string }
  | { type: "contacts" }
  | { type: "signed-in" }
  | { type: "hidden-watchers" }
  | { type: "token"; tokenId: string | null };

export type AccessRule = {
  subject: RuleSubject;
  action: AccessRuleAction;
  hiddenTupleIds: readonly string[];
  hideLastSeen: boolean;
};

/** A presentity's rules, in order, plus invisible mode. */
export type AccessPolicy = { presentityId: string; invisible: boolean; rules: readonly AccessRule[] };

/** Until a person edits them: contacts see everything; anyone else must ask, and sees open/closed. */
export const DEFAULT_RULES: readonly AccessRule[] = [
  { subject: { type: "contacts" }, action: "allow", hiddenTupleIds: [], hideLastSeen: false },
  { subject: { type: "signed-in" }, action: "confirm", hiddenTupleIds: [], hideLastSeen: false },
];

/** What is true of one watcher relative to one presentity. */
export type WatcherFacts = {
  watcherId: string;
  /** The personal access token the request came with, if any. */
  tokenId: string | null;
  /** The watcher is in the presentity's buddy list. */
  isContact: boolean;
  /** The presentity's groups the watcher is in. */
  groupIds: readonly string[];
  /** The watcher hides its watching from this presentity (a visibility rule). */
  hidden: boolean;
  /** The watcher's subscription to the presentity. */
  subscription: SubscriptionState | null;
};

export type ViewAction = "allow" | "limited" | "polite-block" | "block";

export type AccessDecision = {
  /**
   * allow: everything published (minus hidden tuples / last seen) · limited: open/closed only ·
   * polite-block: always offline, last seen hidden · block: the account appears not to exist.
   */
  action: ViewAction;
  hiddenTupleIds: readonly string[];
  hideLastSeen: boolean;
};

/** How a subscription request is handled: approved at once, asked, silently left pending, refused. */
export type SubscriptionHandling = "approve" | "confirm" | "ignore" | "refuse";

/** When no rule matches, a watcher is treated as the default "any signed-in user: confirm". */
const FALLBACK: AccessRule = { subject: { type: "signed-in" }, action: "confirm", hiddenTupleIds: [], hideLastSeen: false };

function matches(subject: RuleSubject, facts: WatcherFacts): boolean {
  switch (subject.type) {
    case "user":
      return subject.userId === facts.watcherId;
    case "group":
      return facts.groupIds.includes(subject.groupId);
    case "contacts":
      return facts.isContact;
    case "signed-in":
      return true;
    case "hidden-watchers":
      return facts.hidden;
    case "token":
      return facts.tokenId !== null && (subject.tokenId === null || subject.tokenId === facts.tokenId);
  }
}

/** The first rule whose subject matches, or the fallback. */
export function matchingRule(policy: AccessPolicy, facts: WatcherFacts): AccessRule {
  return policy.rules.find((rule) => matches(rule.subject, facts)) ?? FALLBACK;
}

/**
 * Decisions are shared, never built per watcher: a presentity caches one for each of its
 * watchers, and most are one of these four.
 */
const NOTHING_HIDDEN: readonly string[] = Object.freeze([]);
const PLAIN: Record<ViewAction, AccessDecision> = {
  allow: Object.freeze({ action: "allow", hiddenTupleIds: NOTHING_HIDDEN, hideLastSeen: false }),
  limited: Object.freeze({ action: "limited", hiddenTupleIds: NOTHING_HIDDEN, hideLastSeen: false }),
  "polite-block": Object.freeze({ action: "polite-block", hiddenTupleIds: NOTHING_HIDDEN, hideLastSeen: false }),
  block: Object.freeze({ action: "block", hiddenTupleIds: NOTHING_HIDDEN, hideLastSeen: false }),
};
/** An allow rule that hides something: its decision, made once per compiled rule. */
const allowedBy = new WeakMap<AccessRule, AccessDecision>();

function decision(action: ViewAction, rule?: AccessRule): AccessDecision {
  if (action !== "allow" || !rule || (rule.hiddenTupleIds.length === 0 && !rule.hideLastSeen)) return PLAIN[action];
  let made = allowedBy.get(rule);
  if (!made) {
    made = Object.freeze({ action, hiddenTupleIds: rule.hiddenTupleIds, hideLastSeen: rule.hideLastSeen });
    allowedBy.set(rule, made);
  }
  return made;
}
const SELF = decision("allow");
const POLITE_BLOCK = decision("polite-block");

/** What a watcher may see. A presentity always sees itself. */
export function evaluateAccess(policy: AccessPolicy, facts: WatcherFacts): AccessDecision {
  if (facts.watcherId === policy.presentityId) return SELF;
  const rule = matchingRule(policy, facts);
  let result: AccessDecision;
  switch (rule.action) {
    case "allow":
      result = decision("allow", rule);
      break;
    case "confirm":
      // Approved subscribers see everything; anyone else waits, seeing open/closed only.
      result = facts.subscription === "active" ? decision("allow", rule) : decision("limited");
      break;
    default:
      result = decision(rule.action);
  }
  // Invisible mode polite-blocks everyone — except those already blocked outright.
  if (policy.invisible && result.action !== "block") return POLITE_BLOCK;
  return result;
}

/** How a request to subscribe is handled. */
export function evaluateSubscription(policy: AccessPolicy, facts: WatcherFacts): SubscriptionHandling {
  switch (matchingRule(policy, facts).action) {
    case "allow":
    case "limited":
      return "approve";
    case "confirm":
      return "confirm";
    case "polite-block":
      // Left pending without bothering the presentity: the watcher cannot tell.
      return "ignore";
    case "block":
      return "refuse";
  }
}

/** Each decision's key, made once: decisions are shared, and every watcher record keeps one. */
const keys = new WeakMap<AccessDecision, string>();

/** Watchers with equal keys see the same view, so it is rendered and sent once for all. */
export function decisionKey(decision: AccessDecision): string {
  let key = keys.get(decision);
  if (key === undefined) {
    key = `${decision.action}|${decision.hideLastSeen ? 1 : 0}|${[...decision.hiddenTupleIds].sort().join(",")}`;
    keys.set(decision, key);
  }
  return key;
}

/** A subscriber who is blocked keeps the contact in its list, but sees it offline for good. */
export function forSubscriber(decision: AccessDecision): AccessDecision {
  return decision.action === "block" ? POLITE_BLOCK : decision;
}
