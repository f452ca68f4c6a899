// ACCESS RULES in the privacy page: plain-language wording for subjects and actions, the
// editable drafts, and the list `privacy:set-rules` takes. The server evaluates; this only
// explains and edits.
import type {
  AccessRuleAction,
  AccessRuleInput,
  AccessRuleView,
  PresenceView,
  ProtocolError,
  RuleSubjectInput,
  RuleSubjectView,
  SubjectType,
} from "@/lib/protocol";
import { addressOf, meansLabel, userTuplesOf } from "@/lib/client/presence/user-tuples";

export type RuleDraft = {
  /** Stable React key: the saved rule's id, or a local one for a new rule. */
  key: string;
  subject: RuleSubjectView;
  action: AccessRuleAction;
  hiddenTupleIds: string[];
  hideLastSeen: boolean;
};

/** Whether the subject reads as one ("Bob sees") or many ("My contacts see"). */
const PLURAL: Record<SubjectType, boolean> = {
  user: false,
  group: true,
  contacts: true,
  "signed-in": false,
  "hidden-watchers": true,
  token: false,
};

export function subjectName(subject: RuleSubjectView): string {
  switch (subject.type) {
    case "user":
      return subject.displayName === subject.username ? `@${subject.username}` : `${subject.displayName} (@${subject.username})`;
    case "group":
      return `People in my group “${subject.name}”`;
    case "contacts":
      return "My contacts";
    case "signed-in":
      return "Anyone signed in";
    case "hidden-watchers":
      return "People who hide their watching";
    case "token":
      return subject.tokenId === null ? "Any app or script using an access token" : "An app or script using one particular access token";
  }
}

/** The subject kinds a person can pick when adding a rule, in the words of the form. */
export const SUBJECT_CHOICES: { type: SubjectType; label: string }[] = [
  { type: "user", label: "A person" },
  { type: "group", label: "One of my groups" },
  { type: "contacts", label: "All my contacts" },
  { type: "signed-in", label: "Anyone signed in" },
  { type: "hidden-watchers", label: "People who hide their watching" },
  { type: "token", label: "Apps and scripts with an access token" },
];

/** The actions in the order of the form, from most open to most closed, each in one line. */
export const ACTION_CHOICES: { action: AccessRuleAction; label: string; explanation: string }[] = [
  { action: "allow", label: "See everything", explanation: "My availability, note, devices and addresses." },
  { action: "limited", label: "Online or offline only", explanation: "No availability, note, devices or addresses." },
  {
    action: "confirm",
    label: "Must ask first",
    explanation: "They must ask to follow me; until I approve, they see online or offline only.",
  },
  { action: "polite-block", label: "Appear offline to them", explanation: "I always look offline to them, and they can’t tell." },
  { action: "block", label: "Block", explanation: "I appear not to exist: they can’t find me, follow me or message me." },
];

/** Actions after which a rule can still hide chosen addresses and last seen. */
export const canHideDetails = (action: AccessRuleAction) => action === "allow" || action === "confirm";

const VERBS: Record<AccessRuleAction, [one: string, many: string]> = {
  allow: ["sees everything", "see everything"],
  limited: ["sees online/offline only", "see online/offline only"],
  confirm: ["must ask; sees online/offline only until I approve", "must ask; see online/offline only until I approve"],
  "polite-block": ["always sees me offline (they can’t tell)", "always see me offline (they can’t tell)"],
  block: ["can’t find me: I appear not to exist", "can’t find me: I appear not to exist"],
};

/** "Mobile" for a hidden address; undefined when the address no longer exists. */
export type TupleNamer = (tupleId: string) => string | undefined;

/** Names my addresses by their label, or by kind and address when they have none. */
export function tupleNamer(me: PresenceView | null): TupleNamer {
  const tuples = me ? userTuplesOf(me) : [];
  return (tupleId) => {
    const tuple = tuples.find((candidate) => candidate.id === tupleId);
    return tuple ? (tuple.label ?? `${meansLabel(tuple.means)} ${addressOf(tuple)}`) : undefined;
  };
}

/** What a rule hides, in words: "Mobile, last seen". Empty when it hides nothing. */
function hiddenDetails(rule: Pick<RuleDraft, "action" | "hiddenTupleIds" | "hideLastSeen">, tupleName: TupleNamer): string[] {
  if (!canHideDetails(rule.action)) return [];
  const names = rule.hiddenTupleIds.map((id) => tupleName(id) ?? "an address I removed");
  return rule.hideLastSeen ? [...names, "last seen"] : names;
}

/** The effect of a rule without its subject: "sees everything, except: Mobile, last seen". */
export function describeAction(rule: Omit<RuleDraft, "key">, tupleName: TupleNamer): string {
  const verb = VERBS[rule.action][PLURAL[rule.subject.type] ? 1 : 0];
  const hidden = hiddenDetails(rule, tupleName);
  if (hidden.length === 0) return verb;
  return rule.action === "allow" ? `${verb}, except: ${hidden.join(", ")}` : `${verb}, then everything except: ${hidden.join(", ")}`;
}

/** One rule as a sentence: "Bob (@bob) — sees everything, except: Mobile, last seen". */
export function describeRule(rule: Omit<RuleDraft, "key">, tupleName: TupleNamer): string {
  return `${subjectName(rule.subject)} — ${describeAction(rule, tupleName)}`;
}

/** What applies to whoever no rule matches (the server's fallback). */
export const FALLBACK_DESCRIPTION = "Anyone else — must ask; sees online/offline only until I approve";

export function draftsFromRules(rules: readonly AccessRuleView[]): RuleDraft[] {
  return rules.map(({ id, subject, action, hiddenTupleIds, hideLastSeen }) => ({
    key: id,
    subject,
    action,
    hiddenTupleIds: [...hiddenTupleIds],
    hideLastSeen,
  }));
}

function subjectInput(subject: RuleSubjectView): RuleSubjectInput {
  switch (subject.type) {
    case "user":
      return { type: "user", username: subject.username };
    case "group":
      return { type: "group", groupId: subject.groupId };
    case "token":
      return { type: "token", tokenId: subject.tokenId };
    default:
      return { type: subject.type };
  }
}

/** The whole ordered list for `privacy:set-rules`; details are sent only where they apply. */
export function rulesPayload(drafts: readonly RuleDraft[]): AccessRuleInput[] {
  return drafts.map((draft) => {
    const details = canHideDetails(draft.action);
    return {
      subject: subjectInput(draft.subject),
      action: draft.action,
      hiddenTupleIds: details ? draft.hiddenTupleIds : [],
      hideLastSeen: details && draft.hideLastSeen,
    };
  });
}

/** How many people a subject covers: narrower rules belong above broader ones. */
const BREADTH: Record<SubjectType, number> = {
  user: 0,
  group: 1,
  token: 1,
  "hidden-watchers": 2,
  contacts: 3,
  "signed-in": 4,
};

/** Where a new rule goes: below the rules at least as narrow, above the first broader one. */
export function insertionIndex(drafts: readonly RuleDraft[], subject: RuleSubjectView): number {
  const index = drafts.findIndex((draft) => BREADTH[draft.subject.type] > BREADTH[subject.type]);
  return index === -1 ? drafts.length : index;
}

function sameSubject(a: RuleSubjectView, b: RuleSubjectView): boolean {
  switch (a.type) {
    case "user":
      return b.type === "user" && a.username === b.username;
    case "group":
      return b.type === "group" && a.groupId === b.groupId;
    case "token":
      return b.type === "token" && a.tokenId === b.tokenId;
    default:
      return a.type === b.type;
  }
}

/**
 * Why a rule can never apply, if it cannot: the first matching rule wins, so nothing below
 * "Anyone signed in" and no second rule about the same people is ever reached.
 */
export function unreachableReasons(drafts: readonly RuleDraft[]): (string | undefined)[] {
  const everyone = drafts.findIndex((draft) => draft.subject.type === "signed-in");
  return drafts.map((draft, index) => {
    if (everyone !== -1 && index > everyone) return "Never applies: “Anyone signed in” above it matches everyone first.";
    const earlier = drafts.slice(0, index).some((other) => sameSubject(other.subject, draft.subject));
    return earlier ? "Never applies: a rule above it is about the same people." : undefined;
  });
}

/** Inline errors per rule from a failed save, and which issue paths they account for. */
export function ruleIssues(error: ProtocolError | null, drafts: readonly RuleDraft[], savedKeys: ReadonlySet<string>) {
  const byRule = new Map<number, string[]>();
  const placedPaths = new Set<string>();
  const add = (index: number, path: string, message: string) => {
    byRule.set(index, [...(byRule.get(index) ?? []), message]);
    placedPaths.add(path);
  };
  for (const issue of error?.issues ?? []) {
    const indexed = /^rules\.(\d+)\./.exec(issue.path);
    if (indexed) {
      const index = Number(indexed[1]);
      if (index < drafts.length) add(index, issue.path, issue.message);
      continue;
    }
    // The server names an unknown person or group without saying which rule: only a rule
    // added since the last save can be the one, so it is placed when there is one such rule.
    const type = issue.path === "subject.username" ? "user" : issue.path === "subject.groupId" ? "group" : null;
    if (!type) continue;
    const candidates = drafts.flatMap((draft, index) => (draft.subject.type === type && !savedKeys.has(draft.key) ? [index] : []));
    const only = candidates.length === 1 ? candidates[0] : undefined;
    if (only !== undefined) add(only, issue.path, issue.message);
  }
  return { byRule, placed: (path: string) => placedPaths.has(path) };
}

let newRules = 0;
export function newRuleKey(): string {
  newRules += 1;
  return `new-rule-${newRules}`;
}
