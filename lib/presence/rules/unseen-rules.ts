// Saving the privacy page must not drop what the page did not show (pure). Rules about an
// account that blocks the owner are left out of the owner's view, as if that account were
// deleted — but unlike a deleted account's, they still apply (the owner may be blocking it
// back), so a list saved from the page gets them back where they were.

/** The edited list with each unseen rule of the previous list put back at its old position. */
export function withUnseenRules<Rule>(edited: readonly Rule[], previous: readonly Rule[], unseen: (rule: Rule) => boolean): Rule[] {
  const result = [...edited];
  previous.forEach((rule, index) => {
    if (unseen(rule)) result.splice(Math.min(index, result.length), 0, rule);
  });
  return result;
}
