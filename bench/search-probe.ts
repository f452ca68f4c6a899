// Search alone, without the messaging scenario's server and load (issue 20): seeds the
// scenario's stored messages once into a SQLite file (kept, with its accounts, for later runs),
// then times `inbox.search` and the index query as the scenario's in-process probes do. A copy
// of the file compares another index: copy `<db>.json` beside it too.
//
//   npx tsx bench/search-probe.ts [--db .tmp/search-bench.db] [--stored 1000000] [--big 100000]
//                                 [--pairs 1000] [--probes 200] [--reseed]
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { partnerOf } from "./im-workload";
import { seedDatabase, type SeededUser } from "./seed";
import { probeStoredQueries, type StoredCorpus, seedStoredMessages } from "./stored-messages";

const { values } = parseArgs({
  options: {
    db: { type: "string", default: ".tmp/search-bench.db" },
    stored: { type: "string", default: "1000000" },
    big: { type: "string", default: "100000" },
    pairs: { type: "string", default: "1000" },
    probes: { type: "string", default: "200" },
    seed: { type: "string", default: "1" },
    reseed: { type: "boolean", default: false },
  },
});
const databasePath = path.resolve(values.db);
const sidecar = `${databasePath}.json`;

async function seeded(): Promise<{ users: SeededUser[]; corpus: StoredCorpus }> {
  if (!values.reseed && existsSync(sidecar)) return JSON.parse(readFileSync(sidecar, "utf8"));
  // Never replace a database this script did not seed (its accounts file is beside it).
  if (existsSync(databasePath) && !existsSync(sidecar)) throw new Error(`${databasePath} exists without ${sidecar}: not seeded here`);
  for (const suffix of ["", "-wal", "-shm", ".json"]) rmSync(`${databasePath}${suffix}`, { force: true });
  const clients = 2 * Number(values.pairs);
  const all = await seedDatabase({
    databaseUrl: `file:${databasePath}`,
    clients,
    contactsOf: (index) => [partnerOf(index)],
    authSecret: "search probe secret, never used to sign in",
  });
  const users = all.slice(0, clients);
  const corpus = seedStoredMessages({
    databasePath,
    users,
    total: Number(values.stored),
    big: Number(values.big),
    seed: Number(values.seed),
  });
  console.log(`seeded ${corpus.total} messages (${corpus.big} in the big conversation) in ${corpus.seconds.toFixed(1)} s`);
  writeFileSync(sidecar, JSON.stringify({ users, corpus }));
  return { users, corpus };
}

const { users, corpus } = await seeded();
const results = await probeStoredQueries({ databasePath, users, corpus, repetitions: Number(values.probes) });
const width = Math.max(...results.map((result) => result.name.length));
for (const { name, ms, results: found } of results) {
  console.log(
    `${name.padEnd(width)}  p50 ${ms.p50.toFixed(2).padStart(7)} ms  p99 ${ms.p99.toFixed(2).padStart(7)} ms  max ${ms.max.toFixed(2).padStart(7)} ms  (${found} found)`,
  );
}
