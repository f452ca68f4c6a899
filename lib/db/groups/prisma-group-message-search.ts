// Full-text search of group messages (the contract: group-message-search.ts) through an index on
// either provider, never a scan of the bodies: SQLite's FTS5 table GroupMessageSearch (one row
// per message, in the index file the search indexer keeps, read through search-index.ts), PostgreSQL's GIN index on
// to_tsvector('simple', body). Who may find a message is the join with the searcher's
// GroupMember rows (its ranges). Terms hold only letters, marks and digits
// (lib/im/rules/search-terms.ts), and are passed as parameters all the same.
import { Prisma } from "../generated/sqlite/client";
import type { Db } from "../client";
import { readSearchIndex } from "../search-index";
import type { GroupMessageSearch } from "./group-message-search";

/** FTS5: every term, the last as a prefix (search as you type). */
const ftsQuery = (terms: string[]) => `body : (${terms.map((term, index) => `"${term}"${index === terms.length - 1 ? "*" : ""}`).join(" ")})`;
/** tsquery: every term, the last as a prefix. */
const tsQuery = (terms: string[]) => terms.map((term, index) => (index === terms.length - 1 ? `${term}:*` : term)).join(" & ");

export function createPrismaGroupMessageSearch(db: Db, provider: "sqlite" | "postgresql"): GroupMessageSearch {
  return {
    async find(userId, terms, beforeSeq, limit, excludeSenders) {
      if (terms.length === 0) return [];
      const excluded = excludeSenders.length > 0 ? Prisma.sql`AND m."senderId" NOT IN (${Prisma.join(excludeSenders)})` : Prisma.empty;
      // The searcher's ranges, as group-store.ts reads them.
      const inRange = Prisma.sql`
        JOIN "GroupMember" gm ON gm."groupId" = m."groupId" AND gm."userId" = ${userId}
          AND gm."state" IN ('member', 'invited', 'left', 'removed')
          AND m."seq" >= gm."fromSeq" AND m."seq" > gm."clearedSeq"
          AND (gm."untilSeq" IS NULL OR m."seq" <= gm."untilSeq")`;
      const sqlite = () => {
        const query = Prisma.sql`
          SELECT m."seq" AS "seq" FROM search."GroupMessageSearch" s
          JOIN "GroupMessage" m ON m."seq" = s.rowid
          ${inRange}
          WHERE "GroupMessageSearch" MATCH ${ftsQuery(terms)} AND s.rowid < ${beforeSeq}
            AND m."event" IS NULL AND m."retractedAt" IS NULL ${excluded}
          ORDER BY s.rowid DESC LIMIT ${limit}`;
        return readSearchIndex<{ seq: number | bigint }>(db, query.sql, query.values);
      };
      const rows =
        provider === "sqlite"
          ? await sqlite()
          : await db.$queryRaw<{ seq: number | bigint }[]>`
              SELECT m."seq" FROM "GroupMessage" m
              ${inRange}
              WHERE to_tsvector('simple', m."body") @@ to_tsquery('simple', ${tsQuery(terms)}) AND m."seq" < ${beforeSeq}
                AND m."event" IS NULL AND m."retractedAt" IS NULL ${excluded}
              ORDER BY m."seq" DESC LIMIT ${limit}`;
      return rows.map((row) => Number(row.seq));
    },
  };
}
