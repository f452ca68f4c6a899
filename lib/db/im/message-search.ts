// Full-text search of one inbox's messages. Implementations: prisma-message-search.ts (an
// index on either provider), memory-message-search.ts.

export interface MessageSearch {
  /**
   * Seqs of the owner's messages (those it still has) containing every term as a word, the
   * last term as a word's prefix (search as you type), newest first, below `beforeSeq`. Terms
   * hold only letters, marks and digits (lib/im/rules/search-terms.ts); none finds nothing.
   * `beforeSeq` is at most 2^31 - 1: seqs are 32-bit integers.
   */
  find(ownerId: string, terms: string[], beforeSeq: number, limit: number): Promise<number[]>;
}
