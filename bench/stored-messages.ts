// A large message history for the messaging scenario, written straight into SQLite in one
// better-sqlite3 transaction (the migrations' FTS5 trigger indexes each row as the server's
// inserts do), and the in-process timing of the history and search paths over it.
//
// The spread: one very large conversation (client 0 with client 1, `big` messages), every
// benchmark pair's conversation, and many more conversations between random accounts; the
// rest of the messages fall on those conversations with a skew (a few busy ones, a long tail).
// Bodies are words drawn with a Zipf-like skew from a made-up vocabulary, so a search for the
// most common word matches a large share of an inbox and one for a rare word almost nothing.
import Database from "better-sqlite3";
import { createPrismaAccountStore } from "@/lib/db/accounts/prisma-account-store";
import { createDb, prepareDatabase } from "@/lib/db/client";
import { createPrismaInboxSettingsStore } from "@/lib/db/im/prisma-inbox-settings-store";
import { createPrismaMessageChangeStore } from "@/lib/db/im/prisma-message-change-store";
import { createPrismaMessageSearch } from "@/lib/db/im/prisma-message-search";
import { createPrismaMessageStore } from "@/lib/db/im/prisma-message-store";
import { applyMigrations } from "@/lib/db/migrate";
import { setSearchIndexer } from "@/lib/db/search-index";
import { startSearchIndexer } from "@/lib/db/search-indexer";
import { createInboxReader } from "@/lib/im/inbox-reader";
import { createInboxService } from "@/lib/im/inbox-service";
import type { InboxNotifier } from "@/lib/im/notifier";
import { partnerOf } from "./im-workload";
import type { SeededUser } from "./seed";
import { sqliteDate } from "./seed";
import { type Summary, summarize } from "./stats";
import { seededRandom } from "./workload";

const SYLLABLES = ["ka", "lo", "mi", "ne", "ru", "sa", "to", "vi", "be", "do", "fu", "ga", "he", "ji", "zu", "po"];
/** The "needle" words: in one message of 10 000 of the big conversation, nowhere else. */
export const RARE_WORD = "zanzibar";

/** A made-up vocabulary: word 0 is the most frequent. */
function vocabulary(size: number): string[] {
  const words: string[] = [];
  for (let index = 0; words.length < size; index++) {
    let n = index + SYLLABLES.length; // at least two syllables
    let word = "";
    while (n > 0) {
      word += SYLLABLES[n % SYLLABLES.length];
      n = Math.floor(n / SYLLABLES.length);
    }
    words.push(word);
  }
  return words;
}

export type StoredCorpus = {
  total: number;
  big: number;
  conversations: number;
  seconds: number;
  /** Search terms: the most frequent word, a rare one, and a three-letter prefix of a frequent one. */
  queries: { common: string; rare: string; prefix: string };
  /** A conversation of middle size among the benchmark pairs: [client, its partner, messages]. */
  typical: [number, number, number];
};

export function seedStoredMessages(options: {
  databasePath: string;
  /** The members (index order); the pairs are (2k, 2k+1). */
  users: SeededUser[];
  total: number;
  big: number;
  seed: number;
}): StoredCorpus {
  const started = performance.now();
  const { users, total, big } = options;
  const random = seededRandom(options.seed + 1000);
  const words = vocabulary(5000);
  const clients = users.length;
  // Conversations as unordered pairs of user indexes: the big one, each benchmark pair, then random ones.
  const pairs: [number, number][] = [];
  for (let index = 0; index < clients; index += 2) pairs.push([index, partnerOf(index)]);
  const seen = new Set(pairs.map(([a, b]) => `${a}/${b}`));
  const extra = Math.min(20 * clients, Math.floor(total / 20));
  while (pairs.length < clients / 2 + extra) {
    const a = Math.floor(random() * clients);
    const b = Math.floor(random() * clients);
    const key = `${Math.min(a, b)}/${Math.max(a, b)}`;
    if (a === b || seen.has(key)) continue;
    seen.add(key);
    pairs.push([Math.min(a, b), Math.max(a, b)]);
  }
  const counts = new Array<number>(pairs.length).fill(0);
  const lastSeq = new Map<string, number>();

  const db = new Database(options.databasePath);
  try {
    db.pragma("journal_mode = WAL");
    db.pragma("synchronous = OFF");
    const insert = db.prepare(
      `INSERT INTO "Message" (id, senderId, recipientId, clientId, body, sentAt, deliveredAt, readAt)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const insertConversation = db.prepare(
      `INSERT INTO "Conversation" (ownerId, peerId, state, lastSeq, lastReadSeq, peerReadSeq, updatedAt)
       VALUES (?, ?, 'accepted', ?, ?, ?, ?)`,
    );
    const yearMs = 365 * 24 * 60 * 60 * 1000;
    const begin = Date.now() - yearMs;
    // Counters instead of random UUIDs: the id only has to be unique, and this is 1 000 000 rows.
    const uuid = (kind: number, n: number) => `00000000-0000-4000-${8000 + kind}-${String(n).padStart(12, "0")}`;
    db.transaction(() => {
      for (let n = 0; n < total; n++) {
        let conversation: number;
        if (n < clients / 2) conversation = n; // every benchmark pair has a conversation
        else if (random() * total < big) conversation = 0;
        else conversation = Math.floor(pairs.length * random() ** 3);
        const [a, b] = pairs[conversation]!;
        const [sender, recipient] = random() < 0.5 ? [a, b] : [b, a];
        const length = 3 + Math.floor(random() * 12);
        const text = Array.from({ length }, () => words[Math.floor(words.length * random() ** 4)]!);
        if (conversation === 0 && random() < 0.0001) text.push(RARE_WORD);
        const at = sqliteDate(new Date(begin + (yearMs * n) / total));
        const { lastInsertRowid } = insert.run(
          uuid(0, n),
          users[sender]!.id,
          users[recipient]!.id,
          uuid(1, n),
          text.join(" "),
          at,
          at,
          at,
        );
        counts[conversation]! += 1;
        lastSeq.set(`${a}/${b}`, Number(lastInsertRowid));
      }
      const now = sqliteDate(new Date());
      for (const [a, b] of pairs) {
        const seq = lastSeq.get(`${a}/${b}`);
        if (seq === undefined) continue;
        insertConversation.run(users[a]!.id, users[b]!.id, seq, seq, seq, now);
        insertConversation.run(users[b]!.id, users[a]!.id, seq, seq, seq, now);
      }
    })();
    db.pragma("wal_checkpoint(TRUNCATE)");
    db.exec("ANALYZE");
  } finally {
    db.close();
  }
  // The benchmark pair whose conversation has the median size.
  const benchPairs = counts.slice(1, clients / 2).map((count, index) => [index + 1, count] as const);
  benchPairs.sort((x, y) => x[1] - y[1]);
  const [middle, count] = benchPairs[Math.floor(benchPairs.length / 2)] ?? [0, counts[0]!];
  return {
    total,
    big: counts[0]!,
    conversations: lastSeq.size,
    seconds: (performance.now() - started) / 1000,
    queries: { common: words[0]!, rare: RARE_WORD, prefix: words[1]!.slice(0, 3) },
    typical: [2 * middle, 2 * middle + 1, count],
  };
}

export type ProbeResult = { name: string; ms: Summary; results: number };

/**
 * Brings the search index of the seeded database up to date (the search indexer's thread, as on
 * the server), so that building it does not fall inside a measured step. Answers the seconds it took.
 */
export async function indexStoredMessages(databasePath: string): Promise<number> {
  const at = performance.now();
  const indexer = await startSearchIndexer(databasePath, { onError: (message) => console.error(message) });
  try {
    while (!(await indexer.caughtUp(60_000))) console.error("building the search index…");
  } finally {
    await indexer.stop();
  }
  return (performance.now() - at) / 1000;
}

/**
 * Times the inbox service's history and search in this process, over the server's database
 * (the server has stopped): `inbox.history` / `inbox.search` as the socket command runs them
 * (store queries and the views), and the store query alone. Nothing else runs meanwhile. The
 * file is migrated first, and its search index (a file beside it, kept by the search indexer's
 * thread as on the server) built if missing before anything is timed.
 */
export async function probeStoredQueries(options: {
  databasePath: string;
  users: SeededUser[];
  corpus: StoredCorpus;
  repetitions: number;
}): Promise<ProbeResult[]> {
  const { users, corpus, repetitions } = options;
  const url = `file:${options.databasePath}`;
  await applyMigrations(url);
  const db = createDb(url);
  await prepareDatabase(db, url);
  const indexer = await startSearchIndexer(options.databasePath, { onError: (message) => console.error(message) });
  setSearchIndexer(db, indexer);
  try {
    while (!(await indexer.caughtUp(60_000))) console.error("building the search index…");
    const messages = createPrismaMessageStore(db, "sqlite");
    const inboxes = createPrismaInboxSettingsStore(db);
    const accounts = createPrismaAccountStore(db);
    const search = createPrismaMessageSearch(db, "sqlite");
    const changes = createPrismaMessageChangeStore(db, "sqlite");
    const reader = createInboxReader({ messages, inboxes, accounts, changes });
    const byName = new Map(users.map((user) => [user.username, user.id]));
    const silent = new Proxy({}, { get: () => () => {} }) as InboxNotifier;
    const inbox = createInboxService({
      known: { inboxPeerId: async (username) => byName.get(username) ?? null },
      messages,
      changes,
      inboxes,
      reader,
      search,
      accounts,
      notifier: silent,
      block: async () => null,
    });
    const owner = users[0]!;
    const peer = users[1]!;
    const [typicalOwner, typicalPeer] = [users[corpus.typical[0]]!, users[corpus.typical[1]]!];
    const middleSeq = Math.floor(corpus.total / 2);

    const probes: [string, () => Promise<number>][] = [
      [`history, big conversation (${corpus.big} messages), first page of 50`, async () =>
        (await inbox.history(owner, { peer: peer.username, limit: 50 })).messages.length],
      ["  store query alone (messages.page)", async () =>
        (await messages.page(owner.id, peer.id, undefined, 50)).messages.length],
      ["history, big conversation, a page of 50 from its middle", async () =>
        (await inbox.history(owner, { peer: peer.username, beforeSeq: middleSeq, limit: 50 })).messages.length],
      [`history, typical conversation (${corpus.typical[2]} messages), first page of 50`, async () =>
        (await inbox.history(typicalOwner, { peer: typicalPeer.username, limit: 50 })).messages.length],
      [`search "${corpus.queries.common}" (most frequent word), 20 newest`, async () =>
        (await inbox.search(owner, { query: corpus.queries.common, limit: 20 })).messages.length],
      ["  index query alone (search.find)", async () =>
        (await search.find(owner.id, [corpus.queries.common], 2_147_483_647, 21)).length],
      [`search "${corpus.queries.rare}" (rare word), 20 newest`, async () =>
        (await inbox.search(owner, { query: corpus.queries.rare, limit: 20 })).messages.length],
      [`search "${corpus.queries.prefix}" (a prefix), 20 newest`, async () =>
        (await inbox.search(owner, { query: corpus.queries.prefix, limit: 20 })).messages.length],
      [`search "${corpus.queries.common} ${corpus.queries.prefix}" (two words), 20 newest`, async () =>
        (await inbox.search(owner, { query: `${corpus.queries.common} ${corpus.queries.prefix}`, limit: 20 })).messages.length],
    ];
    const results: ProbeResult[] = [];
    for (const [name, probe] of probes) {
      let found = 0;
      for (let warm = 0; warm < 10; warm++) found = await probe();
      const times: number[] = [];
      for (let repetition = 0; repetition < repetitions; repetition++) {
        const began = performance.now();
        await probe();
        times.push(performance.now() - began);
      }
      results.push({ name, ms: summarize(times), results: found });
    }
    return results;
  } finally {
    await indexer.stop();
    await db.$disconnect();
  }
}
