// Where a SQLite client's searches read: the index the search indexer keeps in a file of its own
// (search-indexer.ts), through its read-only connection, once it has caught up with the writes
// made so far (a message is found as soon as its send is answered). The server, the contract
// tests and the benchmarks start one per client, as they start the writer thread.
import type { Db } from "./client";
import type { SearchIndexer } from "./search-indexer";
import { singleton } from "@/lib/singleton";

/** How long a search waits for the index to catch up before it reads what is there. */
const CATCH_UP_MS = 2_000;

// Process-wide: server.ts and Next.js' bundles load their own copies of this module.
type Options = {
  /** Told when a search waited out CATCH_UP_MS and read an index behind the writes. */
  onLate?: (ms: number) => void;
  /** Told how long each search took, its wait for the index included (the database metrics). */
  timer?: (operation: "query", seconds: number) => void;
};
const indexers = singleton("searchIndexers", () => new WeakMap<Db, Options & { indexer: SearchIndexer }>());

/** The client's SQLite searches read `indexer`'s index from now on (none: they fail). */
export function setSearchIndexer(db: Db, indexer: SearchIndexer | undefined, options: Options = {}): void {
  if (indexer) indexers.set(db, { indexer, ...options });
  else indexers.delete(db);
}

/** Tells the client's indexer that messages changed (a no-op without one). */
export function pokeSearchIndexer(db: Db): void {
  indexers.get(db)?.indexer.poke();
}

/** Rows of a search query, with the index file attached as "search", once it has caught up. */
export async function readSearchIndex<T>(db: Db, sql: string, values: unknown[]): Promise<T[]> {
  const entry = indexers.get(db);
  if (!entry) throw new Error("SQLite searches need the search indexer started for this client (lib/db/search-indexer.ts).");
  const at = performance.now();
  if (!(await entry.indexer.caughtUp(CATCH_UP_MS))) entry.onLate?.(performance.now() - at);
  const rows = entry.indexer.read<T>(sql, values);
  entry.timer?.("query", (performance.now() - at) / 1000);
  return rows;
}
