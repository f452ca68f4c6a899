// The one evaluation that decides what a watcher may see of a presentity. Every path —
// fetch, poll, subscription, notification, snapshot — asks it. Pure: no storage, no clock.
import type { SubscriptionState } from "@/lib/protocol/buddy-list";

export type AccessAction = "allow" | "limited" | "polite-block" | "block" | "none";

export type AccessDecision = {
  /**
   * allow: everything published · limited: open/closed only · polite-block: always offline,
   * last seen hidden · block: the account appears not to exist · none: existence only.
   */
  action: AccessAction;
  hiddenTupleIds: readonly string[];
  hideLastSeen: boolean;
};

export type AccessQuestion = {
  presentityId: string;
  /** The watching account. */
  watcherId: string;
  /** The watcher's subscription to the presentity, if any. */
  subscription: SubscriptionState | null;
};

const decision = (action: AccessAction): AccessDecision => ({ action, hiddenTupleIds: [], hideLastSeen: false });
const ALLOW = decision("allow");
const NONE = decision("none");

/**
 * Until access rules exist, the rule is simple: a presentity sees itself, active subscribers
 * see everything, everyone else sees only that the account exists.
 */
export function evaluateAccess(question: AccessQuestion): AccessDecision {
  if (question.watcherId === question.presentityId) return ALLOW;
  if (question.subscription === "active") return ALLOW;
  return NONE;
}

/** Watchers with equal keys see the same view, so it is rendered and sent once for all. */
export function decisionKey(decision: AccessDecision): string {
  return `${decision.action}|${decision.hideLastSeen ? 1 : 0}|${[...decision.hiddenTupleIds].sort().join(",")}`;
}
