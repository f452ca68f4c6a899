// Full-text search of the group messages one account may read. Implementations:
// prisma-group-message-search.ts (an index on either provider), memory-group-message-search.ts;
// tests/contracts/group-message-search.test.ts holds both to this contract.

export interface GroupMessageSearch {
  /**
   * Seqs of group messages containing every term as a word, the last term as a word's prefix,
   * newest first, below `beforeSeq`: messages (not system lines), not deleted for everyone, in
   * one of the account's ranges (states member, invited, left, removed; above its clearedSeq),
   * not sent by `excludeSenders` (those a block either way keeps from the account). Terms as
   * lib/im/rules/search-terms.ts makes them; none finds nothing.
   */
  find(userId: string, terms: string[], beforeSeq: number, limit: number, excludeSenders: string[]): Promise<number[]>;
}
