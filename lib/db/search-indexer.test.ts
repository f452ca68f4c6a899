// The search indexer on real SQLite files: messages written as the stores write them (here with
// plain SQL on a connection of the test's own), found through the real search queries as soon
// as the write returns, with no sleep; an index built again from a missing file; notes indexed
// twice (a crash between the index's commit and the backlog's pruning); and random sequences
// of operations against a small model of who finds what.
import { randomUUID } from "node:crypto";
import { copyFileSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import fc from "fast-check";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type Db, createDb, prepareDatabase } from "./client";
import { createPrismaGroupMessageSearch } from "./groups/prisma-group-message-search";
import { createPrismaMessageSearch } from "./im/prisma-message-search";
import { applyMigrations } from "./migrate";
import { setSearchIndexer } from "./search-index";
import { type SearchIndexer, searchIndexFile, startSearchIndexer } from "./search-indexer";

const dir = mkdtempSync(path.join(tmpdir(), "buddylist-search-indexer-"));
const template = path.join(dir, "template.db");
const timeout = { timeout: 60_000 };

beforeAll(async () => {
  await applyMigrations(`file:${template}`);
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Setup = {
  file: string;
  sql: Database.Database;
  db: Db;
  indexer: SearchIndexer;
  /** Stops the indexer and starts another on the same files. */
  restart(options?: Parameters<typeof startSearchIndexer>[1]): Promise<void>;
};
const open: Setup[] = [];
afterEach(async () => {
  for (const setup of open.splice(0)) await close(setup);
});

async function close({ sql, db, indexer }: Setup) {
  await indexer.stop();
  await db.$disconnect();
  sql.close();
}

/** A migrated database of its own, written through `sql`, searched through `db`'s search queries. */
async function setUp(options: Parameters<typeof startSearchIndexer>[1] = {}): Promise<Setup> {
  const file = path.join(dir, `${randomUUID()}.db`);
  copyFileSync(template, file);
  const sql = new Database(file);
  sql.pragma("journal_mode = WAL");
  sql.pragma("foreign_keys = ON");
  const url = `file:${file}`;
  const db = createDb(url);
  await prepareDatabase(db, url);
  const setup: Setup = {
    file,
    sql,
    db,
    indexer: await startSearchIndexer(file, options),
    async restart(again = options) {
      await setup.indexer.stop();
      setup.indexer = await startSearchIndexer(file, again);
      setSearchIndexer(db, setup.indexer);
    },
  };
  setSearchIndexer(db, setup.indexer);
  open.push(setup);
  return setup;
}

function addUser(sql: Database.Database, name: string): string {
  const id = randomUUID();
  sql.prepare(`INSERT INTO "User" ("id", "username", "displayName", "passwordHash") VALUES (?, ?, ?, 'x')`).run(id, name, name);
  return id;
}

function send(sql: Database.Database, from: string, to: string, body: string): number {
  return Number(
    sql
      .prepare(
        `INSERT INTO "Message" ("id", "senderId", "recipientId", "clientId", "body", "sentAt") VALUES (?, ?, ?, ?, ?, '2026-12-07T00:00:00.000+00:00')`,
      )
      .run(randomUUID(), from, to, randomUUID(), body).lastInsertRowid,
  );
}

function sendToGroup(sql: Database.Database, groupId: string, from: string, body: string, event: string | null = null): number {
  return Number(
    sql
      .prepare(
        `INSERT INTO "GroupMessage" ("id", "groupId", "senderId", "clientId", "body", "event", "sentAt") VALUES (?, ?, ?, ?, ?, ?, '2026-12-07T00:00:00.000+00:00')`,
      )
      .run(randomUUID(), groupId, from, randomUUID(), body, event).lastInsertRowid,
  );
}

function addMember(sql: Database.Database, groupId: string, userId: string) {
  sql
    .prepare(
      `INSERT INTO "GroupMember" ("groupId", "userId", "role", "state", "addedById", "enteredSeq", "fromSeq", "updatedAt") VALUES (?, ?, 'member', 'member', ?, 0, 0, '2026-12-07T00:00:00.000+00:00')`,
    )
    .run(groupId, userId, userId);
}

/** What `owner` finds for `words` (the last a prefix), newest first, through the real query. */
const found = (db: Db, owner: string, ...words: string[]) => createPrismaMessageSearch(db, "sqlite").find(owner, words, Number.MAX_SAFE_INTEGER, 100);
const foundInGroups = (db: Db, user: string, ...words: string[]) =>
  createPrismaGroupMessageSearch(db, "sqlite").find(user, words, Number.MAX_SAFE_INTEGER, 100, []);

const backlog = (sql: Database.Database) => (sql.prepare(`SELECT count(*) FROM "SearchBacklog"`).pluck().get() as number);

describe("search indexer", timeout, () => {
  it("finds a message as soon as it is stored, then follows its edit, its deletion for one side and for both", async () => {
    const { sql, db } = await setUp();
    const ann = addUser(sql, "ann");
    const bob = addUser(sql, "bob");
    const seq = send(sql, ann, bob, "Meet at the café tomorrow");
    expect(await found(db, ann, "cafe")).toEqual([seq]);
    expect(await found(db, bob, "tomo")).toEqual([seq]);
    expect(await found(db, bob, "t")).toEqual([seq]);

    sql.prepare(`UPDATE "Message" SET "body" = 'Meet at the station', "editedAt" = '2026-12-07T00:00:01.000+00:00' WHERE "seq" = ?`).run(seq);
    expect(await found(db, ann, "cafe")).toEqual([]);
    expect(await found(db, bob, "station")).toEqual([seq]);

    sql.prepare(`UPDATE "Message" SET "deletedByRecipient" = 1 WHERE "seq" = ?`).run(seq);
    expect(await found(db, bob, "station")).toEqual([]);
    expect(await found(db, ann, "station")).toEqual([seq]);

    sql.prepare(`UPDATE "Message" SET "deletedBySender" = 1 WHERE "seq" = ?`).run(seq);
    expect(await found(db, ann, "station")).toEqual([]);
  });

  it("drops a message deleted for everyone (retracted: body emptied), and a deleted row", async () => {
    const { sql, db } = await setUp();
    const ann = addUser(sql, "ann");
    const bob = addUser(sql, "bob");
    const kept = send(sql, ann, bob, "lunch on friday");
    const retracted = send(sql, ann, bob, "lunch on monday");
    const removed = send(sql, bob, ann, "lunch maybe");
    expect(await found(db, ann, "lunch")).toEqual([removed, retracted, kept]);
    sql.prepare(`UPDATE "Message" SET "body" = '', "retractedAt" = '2026-12-07T00:00:01.000+00:00' WHERE "seq" = ?`).run(retracted);
    sql.prepare(`DELETE FROM "Message" WHERE "seq" = ?`).run(removed);
    expect(await found(db, ann, "lunch")).toEqual([kept]);
    expect(await found(db, bob, "lunch")).toEqual([kept]);
  });

  it("drops every message of a deleted account from both sides (the cascade's deletions are noted too)", async () => {
    const { sql, db } = await setUp();
    const ann = addUser(sql, "ann");
    const bob = addUser(sql, "bob");
    const cat = addUser(sql, "cat");
    send(sql, ann, bob, "hello bob");
    send(sql, bob, ann, "hello ann");
    const kept = send(sql, ann, cat, "hello cat");
    expect(await found(db, ann, "hello")).toHaveLength(3);
    sql.prepare(`DELETE FROM "User" WHERE "id" = ?`).run(bob);
    expect(await found(db, ann, "hello")).toEqual([kept]);
    expect(await found(db, bob, "hello")).toEqual([]);
  });

  it("indexes group messages, follows their edits and retractions, and never system lines", async () => {
    const { sql, db } = await setUp();
    const ann = addUser(sql, "ann");
    const groupId = randomUUID();
    addMember(sql, groupId, ann);
    sendToGroup(sql, groupId, ann, "ann created the group party", "created");
    const first = sendToGroup(sql, groupId, ann, "party on saturday");
    const second = sendToGroup(sql, groupId, ann, "party food");
    expect(await foundInGroups(db, ann, "party")).toEqual([second, first]);
    sql.prepare(`UPDATE "GroupMessage" SET "body" = 'dinner on saturday', "editedAt" = '2026-12-07T00:00:01.000+00:00' WHERE "seq" = ?`).run(first);
    expect(await foundInGroups(db, ann, "party")).toEqual([second]);
    expect(await foundInGroups(db, ann, "dinn")).toEqual([first]);
    sql.prepare(`UPDATE "GroupMessage" SET "body" = '', "retractedAt" = '2026-12-07T00:00:01.000+00:00' WHERE "seq" = ?`).run(second);
    expect(await foundInGroups(db, ann, "party")).toEqual([]);
    sql.prepare(`DELETE FROM "GroupMessage" WHERE "seq" = ?`).run(first);
    expect(await foundInGroups(db, ann, "dinner")).toEqual([]);
  });

  it("builds a missing index again from every message, in batches, then follows the backlog", async () => {
    const setup = await setUp({ batchSize: 3 });
    const { sql, db, file } = setup;
    const ann = addUser(sql, "ann");
    const bob = addUser(sql, "bob");
    const groupId = randomUUID();
    addMember(sql, groupId, ann);
    const seqs = Array.from({ length: 10 }, (_, i) => send(sql, ann, bob, `note number ${i}`));
    const groupSeqs = Array.from({ length: 7 }, (_, i) => sendToGroup(sql, groupId, ann, `note to all ${i}`));
    sendToGroup(sql, groupId, ann, "ann renamed the group to notes", "renamed");
    expect(await found(db, bob, "note")).toEqual(seqs.toReversed());

    await setup.indexer.stop();
    for (const suffix of ["", "-wal", "-shm"]) rmSync(searchIndexFile(file) + suffix, { force: true });
    // Written while no indexer runs: only the backlog knows.
    sql.prepare(`UPDATE "Message" SET "deletedByRecipient" = 1 WHERE "seq" = ?`).run(seqs[0]);
    await setup.restart();
    expect(existsSync(searchIndexFile(file))).toBe(true);
    expect(await found(db, bob, "note")).toEqual(seqs.slice(1).toReversed());
    expect(await found(db, ann, "note")).toEqual(seqs.toReversed());
    expect(await foundInGroups(db, ann, "note")).toEqual(groupSeqs.toReversed());
    const later = send(sql, bob, ann, "note after the rebuild");
    expect((await found(db, ann, "note"))[0]).toBe(later);
  });

  it("indexes notes again harmlessly after a crash between the index's commit and the backlog's pruning", async () => {
    const setup = await setUp({ pruneMs: 0 });
    const { sql, db, file } = setup;
    const ann = addUser(sql, "ann");
    const bob = addUser(sql, "bob");
    const seqs = [send(sql, ann, bob, "red apple"), send(sql, ann, bob, "green apple"), send(sql, bob, ann, "apple pie")];
    sql.prepare(`UPDATE "Message" SET "body" = 'yellow apple' WHERE "seq" = ?`).run(seqs[1]);
    expect(await found(db, ann, "apple")).toEqual(seqs.toReversed());
    await setup.indexer.stop();
    expect(backlog(sql)).toBe(4); // indexed, never pruned

    // As if the index had committed none of it: every note is indexed a second time.
    const index = new Database(searchIndexFile(file));
    index.prepare(`UPDATE "SearchIndexState" SET "backlogId" = 0`).run();
    index.close();
    await setup.restart({ pruneMs: 5 });
    expect(await found(db, ann, "apple")).toEqual(seqs.toReversed());
    expect(await found(db, bob, "yellow")).toEqual([seqs[1]]);
    expect(await found(db, bob, "green")).toEqual([]);
    // One index row per message, not two.
    const rows = setup.indexer.read<{ n: number }>(`SELECT count(*) AS n FROM search."MessageSearch" WHERE "MessageSearch" MATCH 'apple'`, []);
    expect(rows).toEqual([{ n: 3 }]);
    // The backlog is pruned up to what the index holds.
    for (let i = 0; i < 200 && backlog(sql) > 0; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(backlog(sql)).toBe(0);
    const after = send(sql, ann, bob, "apple juice");
    expect((await found(db, bob, "apple"))[0]).toBe(after);
  });

  it("builds an index made for another copy of the database again (a restore)", async () => {
    const setup = await setUp({ pruneMs: 5 });
    const { sql, db, file } = setup;
    const ann = addUser(sql, "ann");
    const bob = addUser(sql, "bob");
    const seq = send(sql, ann, bob, "first words");
    expect(await found(db, ann, "first")).toEqual([seq]);
    await setup.indexer.stop();
    // An index further along than this database's backlog: another history.
    const index = new Database(searchIndexFile(file));
    index.prepare(`UPDATE "SearchIndexState" SET "backlogId" = 1000`).run();
    index.prepare(`INSERT INTO "MessageSearch" (rowid, body, inboxes) VALUES (999, 'first stranger', ?)`).run(`u${ann.replaceAll("-", "")}`);
    index.close();
    await setup.restart();
    expect(await found(db, ann, "first")).toEqual([seq]);
  });
});

// A tiny model of the index's rules: a message is found by each side that has not deleted it,
// a group message unless it is a system line or retracted; words match by prefix.
type ModelMessage = { seq: number; from: number; to: number; words: string[]; deletedBy: Set<number> };
type ModelGroupMessage = { seq: number; words: string[] };

const WORDS = ["apple", "apricot", "banana", "band", "cherry", "kiwi"];
const TERMS = ["a", "ap", "apple", "apr", "ban", "banana", "band", "c", "kiwi", "zzz"];

const wordsArb = fc.array(fc.constantFrom(...WORDS), { minLength: 0, maxLength: 3 });
// Sends weigh most, so that the others have messages to act on; an account is deleted rarely.
const operationArb = fc.oneof(
  { weight: 8, arbitrary: fc.record({ op: fc.constant("send" as const), from: fc.nat(3), to: fc.integer({ min: 1, max: 3 }), words: wordsArb }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant("edit" as const), pick: fc.nat(), words: wordsArb }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant("retract" as const), pick: fc.nat() }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant("deleteFor" as const), pick: fc.nat(), sender: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant("deleteRow" as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant("deleteAccount" as const), user: fc.nat(3) }) },
  { weight: 4, arbitrary: fc.record({ op: fc.constant("groupSend" as const), from: fc.nat(3), words: wordsArb, system: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant("groupEdit" as const), pick: fc.nat(), words: wordsArb }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant("groupRetract" as const), pick: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant("check" as const) }) },
);

describe("search indexer as the checkpointer", timeout, () => {
  it("copies committed writes from the database's log into its file in the background", async () => {
    const { file, sql } = await setUp({ checkpointMs: 20 });
    // Far below the writing connection's own threshold (1 000 pages): only the thread copies them.
    sql.pragma("wal_autocheckpoint = 100000");
    const names = Array.from({ length: 20 }, () => addUser(sql, `u${randomUUID().slice(0, 8)}`));
    const usersInFile = () => {
      const copy = `${file}.alone`;
      copyFileSync(file, copy);
      const alone = new Database(copy, { readonly: true });
      try {
        return (alone.prepare(`SELECT COUNT(*) AS n FROM "User"`).get() as { n: number }).n;
      } catch {
        return 0; // a copy taken while a checkpoint writes the file can be torn
      } finally {
        alone.close();
        rmSync(copy, { force: true });
      }
    };
    let inFile = usersInFile();
    for (let waited = 0; waited < 100 && inFile < names.length; waited += 1) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      inFile = usersInFile();
    }
    expect(inFile).toBe(names.length);
  });
});

describe("search indexer against a model", timeout, () => {
  it("gives each owner what the model gives, after random sends, edits, deletions and retractions", async () => {
    const seed = Number(process.env.SEARCH_MODEL_SEED ?? Date.now() % 2_147_483_647);
    try {
      await fc.assert(
        fc.asyncProperty(fc.array(operationArb, { minLength: 10, maxLength: 60 }), fc.integer({ min: 1, max: 8 }), async (operations, batchSize) => {
          const setup = await setUp({ batchSize, pruneMs: 3 });
          const { sql, db } = setup;
          const users = ["ann", "bob", "cat", "dan"].map((name) => addUser(sql, name));
          const groupId = randomUUID();
          for (const user of users) addMember(sql, groupId, user);
          const alive = users.map(() => true);
          const messages: ModelMessage[] = [];
          const groupMessages: ModelGroupMessage[] = [];
          const pick = <T>(list: T[], n: number) => (list.length === 0 ? undefined : list[n % list.length]);

          const check = async () => {
            for (const [index, user] of users.entries()) {
              for (const term of TERMS) {
                const expected = messages
                  .filter((m) => (m.from === index || m.to === index) && !m.deletedBy.has(index) && m.words.some((w) => w.startsWith(term)))
                  .map((m) => m.seq)
                  .toReversed();
                expect(await found(db, user, term), `${["ann", "bob", "cat", "dan"][index]} "${term}"`).toEqual(expected);
              }
            }
            for (const term of TERMS) {
              const expected = groupMessages.filter((m) => m.words.some((w) => w.startsWith(term))).map((m) => m.seq).toReversed();
              expect(await foundInGroups(db, users[0]!, term), `group "${term}"`).toEqual(expected);
            }
          };

          for (const operation of operations) {
            switch (operation.op) {
              case "send": {
                const { from } = operation;
                const to = (from + operation.to) % users.length;
                if (!alive[from] || !alive[to]) break;
                const seq = send(sql, users[from]!, users[to]!, operation.words.join(" "));
                messages.push({ seq, from, to, words: operation.words, deletedBy: new Set() });
                break;
              }
              case "edit": {
                const m = pick(messages, operation.pick);
                if (!m) break;
                sql.prepare(`UPDATE "Message" SET "body" = ? WHERE "seq" = ?`).run(operation.words.join(" "), m.seq);
                m.words = operation.words;
                break;
              }
              case "retract": {
                const m = pick(messages, operation.pick);
                if (!m) break;
                sql.prepare(`UPDATE "Message" SET "body" = '', "retractedAt" = '2026-12-07T00:00:01.000+00:00' WHERE "seq" = ?`).run(m.seq);
                m.words = [];
                break;
              }
              case "deleteFor": {
                const m = pick(messages, operation.pick);
                if (!m) break;
                sql.prepare(`UPDATE "Message" SET ${operation.sender ? `"deletedBySender"` : `"deletedByRecipient"`} = 1 WHERE "seq" = ?`).run(m.seq);
                m.deletedBy.add(operation.sender ? m.from : m.to);
                break;
              }
              case "deleteRow": {
                const m = pick(messages, operation.pick);
                if (!m) break;
                sql.prepare(`DELETE FROM "Message" WHERE "seq" = ?`).run(m.seq);
                messages.splice(messages.indexOf(m), 1);
                break;
              }
              case "deleteAccount": {
                if (!alive[operation.user]) break;
                sql.prepare(`DELETE FROM "User" WHERE "id" = ?`).run(users[operation.user]);
                alive[operation.user] = false;
                for (let i = messages.length - 1; i >= 0; i--) {
                  if (messages[i]!.from === operation.user || messages[i]!.to === operation.user) messages.splice(i, 1);
                }
                break;
              }
              case "groupSend": {
                const body = operation.words.join(" ");
                const seq = sendToGroup(sql, groupId, users[operation.from]!, body, operation.system ? "renamed" : null);
                if (!operation.system) groupMessages.push({ seq, words: operation.words });
                break;
              }
              case "groupEdit": {
                const m = pick(groupMessages, operation.pick);
                if (!m) break;
                sql.prepare(`UPDATE "GroupMessage" SET "body" = ? WHERE "seq" = ?`).run(operation.words.join(" "), m.seq);
                m.words = operation.words;
                break;
              }
              case "groupRetract": {
                const m = pick(groupMessages, operation.pick);
                if (!m) break;
                sql.prepare(`UPDATE "GroupMessage" SET "body" = '', "retractedAt" = '2026-12-07T00:00:01.000+00:00' WHERE "seq" = ?`).run(m.seq);
                groupMessages.splice(groupMessages.indexOf(m), 1);
                break;
              }
              case "check":
                await check();
                break;
            }
          }
          await check();
          open.splice(open.indexOf(setup), 1);
          await close(setup);
        }),
        { seed, numRuns: 25 },
      );
    } catch (error) {
      throw new Error(`search model failed with seed ${seed} (SEARCH_MODEL_SEED=${seed} repeats it): ${error instanceof Error ? error.message : String(error)}`);
    }
  }, 240_000);
});
