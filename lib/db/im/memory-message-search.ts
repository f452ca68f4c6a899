// Full-text search in memory (the contract: message-search.ts): words of letters, marks and
// digits, lower-cased, compared as SQLite's FTS5 index does (diacritics aside: the contract
// suite keeps to plain letters, where both databases agree).
import { type MemoryMessage, type MemoryTables, sortBy } from "../memory-tables";
import type { MessageSearch } from "./message-search";

const wordsOf = (body: string): string[] => body.normalize("NFKC").toLowerCase().match(/[\p{L}\p{M}\p{N}]+/gu) ?? [];

export function createMemoryMessageSearch(tables: MemoryTables): MessageSearch {
  const held = (ownerId: string) => (message: MemoryMessage) =>
    (message.recipientId === ownerId && !message.deletedByRecipient) || (message.senderId === ownerId && !message.deletedBySender);
  return {
    async find(ownerId, terms, beforeSeq, limit) {
      if (terms.length === 0) return [];
      const matches = (message: MemoryMessage) => {
        const words = wordsOf(message.body);
        return terms.every((term, index) =>
          index === terms.length - 1 ? words.some((word) => word.startsWith(term)) : words.includes(term),
        );
      };
      const found = tables.messages.filter((message) => message.seq < beforeSeq && held(ownerId)(message) && matches(message));
      return sortBy(found, (message) => message.seq, "desc")
        .slice(0, limit)
        .map((message) => message.seq);
    },
  };
}
