// Full-text search of group messages in memory (the contract: group-message-search.ts), words
// compared as lib/db/im/memory-message-search.ts compares them.
import { type MemoryTables, sortBy } from "../memory-tables";
import type { GroupMessageSearch } from "./group-message-search";
import { inRange } from "./memory-group-store";

const wordsOf = (body: string): string[] => body.normalize("NFKC").toLowerCase().match(/[\p{L}\p{M}\p{N}]+/gu) ?? [];
const HOLDING = new Set(["member", "invited", "left", "removed"]);

export function createMemoryGroupMessageSearch(tables: MemoryTables): GroupMessageSearch {
  return {
    async find(userId, terms, beforeSeq, limit, excludeSenders) {
      if (terms.length === 0) return [];
      const excluded = new Set(excludeSenders);
      const ranges = new Map(tables.groupMembers.filter((row) => row.userId === userId && HOLDING.has(row.state)).map((row) => [row.groupId, row]));
      const matches = (body: string) => {
        const words = wordsOf(body);
        return terms.every((term, index) => (index === terms.length - 1 ? words.some((word) => word.startsWith(term)) : words.includes(term)));
      };
      const found = tables.groupMessages.filter((message) => {
        const range = ranges.get(message.groupId);
        return (
          range !== undefined &&
          message.seq < beforeSeq &&
          message.event === null &&
          message.retractedAt === null &&
          !excluded.has(message.senderId) &&
          inRange(range, message.seq) &&
          matches(message.body)
        );
      });
      return sortBy(found, (message) => message.seq, "desc")
        .slice(0, limit)
        .map((message) => message.seq);
    },
  };
}
