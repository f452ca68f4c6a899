// A blocklist (XMPP's XEP-0191) is a view of the access rules: the people one rule `block`
// names. Unblocking removes exactly those rules; every other rule, and a `block` of a group or
// of everyone, stays. Pure.
type Rule = { subjectType: string; subjectId: string | null; action: string };

const blocksPerson = (rule: Rule) => rule.subjectType === "user" && rule.action === "block" && rule.subjectId !== null;

/** The rules without the `block` rules about these accounts (all of them when null). */
export function withoutBlocks<T extends Rule>(rules: readonly T[], accountIds: ReadonlySet<string> | null): T[] {
  return rules.filter((rule) => !(blocksPerson(rule) && (accountIds === null || accountIds.has(rule.subjectId!))));
}
