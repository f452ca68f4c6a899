// The steps of a model-based sequence as fast-check arbitraries. Steps name accounts by index
// (0–4) and sockets, groups and tuples by position; the driver skips a step the current state
// does not allow (no socket to act from, …), so any list of steps is a valid sequence and
// shrinking may drop any of them.
import fc from "fast-check";
import { AVAILABILITIES } from "@/lib/protocol/presence";
import { ACCESS_ACTIONS } from "@/lib/protocol/privacy";
import type { ModelRule, ModelSubject, Step, TupleKey } from "./presence-model";

export const MAX_ACCOUNTS = 5;

export function stepArbitrary(accounts: number, options: { shortExpiry?: boolean } = {}): fc.Arbitrary<Step> {
  const a = fc.integer({ min: 0, max: accounts - 1 });
  /** Another account than `a`: steps name two accounts through this. */
  const other = fc.integer({ min: 0, max: accounts - 2 });
  const two = <T extends object>(fields: { [K in keyof T]: fc.Arbitrary<T[K]> }): fc.Arbitrary<T & { a: number; b: number }> =>
    fc.tuple(a, other, fc.record(fields) as unknown as fc.Arbitrary<T>).map(([x, y, rest]) => ({ ...rest, a: x, b: y >= x ? y + 1 : y }));
  const socket = fc.integer({ min: 0, max: 2 });
  const group = fc.integer({ min: 0, max: 1 });
  const tupleKey = fc.constantFrom<TupleKey>("t0", "t1");
  const subject: fc.Arbitrary<ModelSubject> = fc.oneof(
    fc.record({ type: fc.constant("user" as const), who: a }),
    fc.record({ type: fc.constant("group" as const), group: fc.integer({ min: 0, max: 1 }) }),
    fc.constant({ type: "contacts" as const }),
    fc.constant({ type: "signed-in" as const }),
    fc.constant({ type: "hidden-watchers" as const }),
  );
  const rule: fc.Arbitrary<ModelRule> = fc.record({
    subject,
    action: fc.constantFrom(...ACCESS_ACTIONS),
    hiddenTuples: fc.subarray<TupleKey>(["t0", "t1"]),
    hideLastSeen: fc.boolean(),
  });
  const expiries = options.shortExpiry === false ? (["none", "none", "far"] as const) : (["none", "none", "far", "short"] as const);
  return fc.oneof(
    { weight: 4, arbitrary: fc.record({ t: fc.constant("connect" as const), a }) },
    { weight: 2, arbitrary: fc.record({ t: fc.constant("disconnect" as const), a, s: socket }) },
    { weight: 2, arbitrary: fc.record({ t: fc.constant("idle" as const), a, s: socket, idle: fc.boolean() }) },
    {
      weight: 4,
      arbitrary: fc.record({
        t: fc.constant("status" as const),
        a,
        availability: fc.constantFrom(...AVAILABILITIES),
        note: fc.option(fc.constantFrom("lunch", "in a meeting", "back at 3"), { nil: null }),
        expires: fc.constantFrom(...expiries),
      }),
    },
    { weight: 1, arbitrary: fc.record({ t: fc.constant("clear-status" as const), a }) },
    {
      weight: 2,
      arbitrary: fc.record({
        t: fc.constant("tuples" as const),
        a,
        tuples: fc.array(fc.record({ key: tupleKey, status: fc.constantFrom("open" as const, "closed" as const) }), { maxLength: 2 }),
      }),
    },
    { weight: 6, arbitrary: two({ t: fc.constant("request" as const) }) },
    { weight: 4, arbitrary: two({ t: fc.constant("respond" as const), approve: fc.boolean() }) },
    { weight: 2, arbitrary: two({ t: fc.constant("remove" as const) }) },
    { weight: 1, arbitrary: fc.record({ t: fc.constant("group-create" as const), a }) },
    {
      weight: 2,
      arbitrary: two({ t: fc.constant("set-groups" as const), groups: fc.subarray([0, 1]) }),
    },
    { weight: 4, arbitrary: fc.record({ t: fc.constant("set-rules" as const), a, rules: fc.array(rule, { maxLength: 4 }) }) },
    {
      weight: 4,
      arbitrary: two({
        t: fc.constant("quick-rule" as const),
        action: fc.constantFrom("allow" as const, "limited" as const, "polite-block" as const, "block" as const),
      }),
    },
    { weight: 3, arbitrary: fc.record({ t: fc.constant("invisible" as const), a, on: fc.boolean() }) },
    {
      weight: 2,
      arbitrary: fc
        .tuple(
          two({ t: fc.constant("visibility" as const), v: fc.constantFrom("visible" as const, "hidden" as const, "default" as const) }),
          fc.boolean(),
        )
        .map(([step, everyone]) => (everyone ? { ...step, b: null } : step)),
    },
    { weight: 5, arbitrary: two({ t: fc.constant("send" as const) }) },
    {
      weight: 2,
      arbitrary: two({
        t: fc.constant("respond-request" as const),
        action: fc.constantFrom("accept" as const, "accept" as const, "decline" as const, "block" as const),
      }),
    },
    { weight: 3, arbitrary: two({ t: fc.constant("read" as const) }) },
    { weight: 1, arbitrary: two({ t: fc.constant("typing" as const) }) },
    { weight: 2, arbitrary: two({ t: fc.constant("follow" as const), s: socket }) },
    { weight: 1, arbitrary: two({ t: fc.constant("unfollow" as const), s: socket }) },
    // Group conversations (issue 18): about a fifth of the steps; `g` picks among the groups the
    // actor may act in (the driver aims it; before there is one, a group step creates one),
    // members among the others.
    {
      weight: 3,
      arbitrary: fc.record({
        t: fc.constant("gc-create" as const),
        a,
        members: fc.uniqueArray(other, { minLength: 2, maxLength: 3 }),
      }),
    },
    { weight: 2, arbitrary: two({ t: fc.constant("gc-add" as const), g: group }) },
    { weight: 1, arbitrary: two({ t: fc.constant("gc-remove" as const), g: group }) },
    { weight: 1, arbitrary: two({ t: fc.constant("gc-admin" as const), g: group, admin: fc.boolean() }) },
    { weight: 1, arbitrary: fc.record({ t: fc.constant("gc-leave" as const), a, g: group }) },
    {
      weight: 2,
      arbitrary: fc.record({
        t: fc.constant("gc-respond" as const),
        a,
        g: group,
        action: fc.constantFrom("accept" as const, "accept" as const, "decline" as const, "block" as const),
      }),
    },
    { weight: 5, arbitrary: fc.record({ t: fc.constant("gc-send" as const), a, g: group }) },
    { weight: 1, arbitrary: fc.record({ t: fc.constant("gc-typing" as const), a, g: group }) },
    { weight: 2, arbitrary: fc.record({ t: fc.constant("gc-read" as const), a, g: group }) },
    {
      weight: 1,
      arbitrary: fc.record(
        {
          t: fc.constant("inbox" as const),
          a,
          acceptFrom: fc.constantFrom("everyone" as const, "contacts" as const, "nobody" as const),
          readReceipts: fc.boolean(),
        },
        { requiredKeys: ["t", "a"] },
      ),
    },
  );
}

/** A sequence: how many accounts, and the steps. */
export function sequenceArbitrary(options: { minSteps?: number; maxSteps?: number; shortExpiry?: boolean } = {}) {
  return fc.integer({ min: 3, max: MAX_ACCOUNTS }).chain((accounts) =>
    fc.record({
      accounts: fc.constant(accounts),
      steps: fc.array(stepArbitrary(accounts, options), { minLength: options.minSteps ?? 8, maxLength: options.maxSteps ?? 30 }),
    }),
  );
}
