// Full-text search (the contract: message-search.ts) of one inbox's messages, through an index on either provider (never a
// scan of the messages table): SQLite's FTS5 table MessageSearch, whose rows also name the
// inboxes holding each message, and PostgreSQL's GIN index on to_tsvector('simple', body).
// Both are created by the migrations. FTS5 reads posting lists newest first and stops at the
// LIMIT, except for a prefix term, whose words' lists it merges in full first: the table has
// prefix indexes for 1 to 4 characters so that the usual prefix is one list (the
// search_prefix_index migration; 28 ms → 0.2 ms for a word in 30 % of 1 000 000 messages). Terms come from lib/im/rules/search-terms.ts: only
// letters, marks and digits, so they are safe inside the query syntax; they are passed as
// parameters all the same.
import type { Db } from "../client";
import { readSearchIndex } from "../search-index";
import type { MessageSearch } from "./message-search";

/** The token an FTS5 row carries for each inbox that holds the message (see the migration). */
const inboxToken = (userId: string) => `u${userId.replaceAll("-", "")}`;

/** FTS5: every term, the last as a prefix (search as you type), among this inbox's messages. */
function ftsQuery(ownerId: string, terms: string[]): string {
  const words = terms.map((term, index) => `"${term}"${index === terms.length - 1 ? "*" : ""}`);
  return `body : (${words.join(" ")}) AND inboxes : "${inboxToken(ownerId)}"`;
}

/** tsquery: every term, the last as a prefix. */
function tsQuery(terms: string[]): string {
  return terms.map((term, index) => (index === terms.length - 1 ? `${term}:*` : term)).join(" & ");
}

export function createPrismaMessageSearch(db: Db, provider: "sqlite" | "postgresql"): MessageSearch {
  return {
    /** Seqs of the owner's messages containing every term, newest first, below `beforeSeq`. */
    async find(ownerId: string, terms: string[], beforeSeq: number, limit: number): Promise<number[]> {
      if (terms.length === 0) return [];
      const rows =
        provider === "sqlite"
          ? await readSearchIndex<{ seq: number | bigint }>(
              db,
              `SELECT rowid AS "seq" FROM search."MessageSearch"
               WHERE "MessageSearch" MATCH ? AND rowid < ?
               ORDER BY rowid DESC LIMIT ?`,
              [ftsQuery(ownerId, terms), beforeSeq, limit],
            )
          : await db.$queryRaw<{ seq: number | bigint }[]>`
              SELECT "seq" FROM "Message"
              WHERE to_tsvector('simple', "body") @@ to_tsquery('simple', ${tsQuery(terms)})
                AND (("recipientId" = ${ownerId} AND NOT "deletedByRecipient")
                  OR ("senderId" = ${ownerId} AND NOT "deletedBySender"))
                AND "seq" < ${beforeSeq}
              ORDER BY "seq" DESC LIMIT ${limit}`;
      return rows.map((row) => Number(row.seq));
    },
  };
}
