// Seeds the benchmark's database before the server starts. Signing 2 000 people up over HTTP
// would spend minutes in Argon2, so the rows are written directly, in one transaction, after
// the real migrations created the schema: accounts (one precomputed Argon2 hash shared by
// all), presentities, live sessions, and active subscriptions both ways along a contact
// relation (the ring of workload.ts, or the pairs of im-workload.ts). Each account also has the
// SCRAM keys a web sign-in would have derived (one salt shared by all, like the hash), so XMPP
// sign-ins work as they would for people who used the web app once. Each client's session
// cookie is minted the way Auth.js mints it, naming its Session row, so sockets authenticate
// exactly as browsers do. SQLite through better-sqlite3, PostgreSQL through pg (one unnest()
// insert per table).
import { randomBytes, randomUUID } from "node:crypto";
import Database from "better-sqlite3";
import { encode } from "next-auth/jwt";
import pg from "pg";
import { hashPassword } from "@/lib/accounts/passwords";
import { deriveScramKeys, SCRAM_ITERATIONS, serializeScramKeys } from "@/lib/accounts/scram-keys";
import { applyMigrations } from "@/lib/db/migrate";
import { usernameOf } from "./workload";

/** Auth.js' session cookie on plain http; also the JWE's salt. */
export const SESSION_COOKIE = "authjs.session-token";
/** Every seeded account's password (not in the common-password list, so sign-in accepts it). */
export const BENCH_PASSWORD = "bench password for everyone 42";

export type SeededUser = { index: number; id: string; username: string; sessionId: string; cookie: string };

const SESSION_DAYS = 30;

/** Dates as Prisma's SQLite adapter writes them (ISO 8601 with an explicit offset). */
export const sqliteDate = (date: Date) => date.toISOString().replace("Z", "+00:00");

export type SeedOptions = {
  /** `file:/…/buddylist.db` or `postgresql://…` (an empty database). */
  databaseUrl: string;
  clients: number;
  /** Whom client `index` watches; the relation must be symmetric (contacts both ways). */
  contactsOf: (index: number) => number[];
  authSecret: string;
  /** Usernames (default: workload.ts's fixed-width `u0042`; the XMPP peer generator wants `u42`). */
  usernameOf?: (index: number, clients: number) => string;
};

/**
 * Creates the schema and returns the `clients` members followed by one warm-up account
 * (index `clients`) that has no contacts.
 */
export async function seedDatabase(options: SeedOptions): Promise<SeededUser[]> {
  const { databaseUrl, clients, contactsOf, authSecret } = options;
  const nameOf = options.usernameOf ?? usernameOf;
  await applyMigrations(databaseUrl);

  const passwordHash = await hashPassword(BENCH_PASSWORD);
  const scramSalt = randomBytes(16);
  const scramKeys = serializeScramKeys(deriveScramKeys(BENCH_PASSWORD, scramSalt, SCRAM_ITERATIONS));
  const now = new Date();
  const expires = new Date(now.getTime() + SESSION_DAYS * 24 * 60 * 60 * 1000);
  const users = Array.from({ length: clients + 1 }, (_, index) => ({
    index,
    id: randomUUID(),
    username: nameOf(index, clients),
    sessionId: randomUUID(),
  }));
  // Each member watches each of its contacts; the relation is symmetric, so this is both ways.
  const subscriptions = users
    .slice(0, clients)
    .flatMap((user) => contactsOf(user.index).map((contact) => [user.id, users[contact]!.id] as const));

  if (databaseUrl.startsWith("file:")) {
    const created = sqliteDate(now);
    const db = new Database(databaseUrl.slice("file:".length));
    try {
      const insertUser = db.prepare(
        'INSERT INTO "User" (id, username, displayName, passwordHash, createdAt, scramSalt, scramIterations, scramKeys) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      );
      const insertPresentity = db.prepare(
        'INSERT INTO "Presentity" (userId, version, availability, updatedAt) VALUES (?, 0, \'available\', ?)',
      );
      // lastActiveAt = now: a session used in the last minute is not touched again on connect,
      // as for someone who has just signed in.
      const insertSession = db.prepare(
        'INSERT INTO "Session" (id, userId, createdAt, lastActiveAt, expiresAt, userAgent) VALUES (?, ?, ?, ?, ?, ?)',
      );
      const insertSubscription = db.prepare(
        'INSERT INTO "Subscription" (watcherId, presentityId, state, createdAt, updatedAt) VALUES (?, ?, \'active\', ?, ?)',
      );
      db.transaction(() => {
        for (const user of users) {
          insertUser.run(user.id, user.username, user.username, passwordHash, created, scramSalt.toString("base64"), SCRAM_ITERATIONS, scramKeys);
          insertPresentity.run(user.id, created);
          insertSession.run(user.sessionId, user.id, created, created, sqliteDate(expires), "buddylist bench");
        }
        for (const [watcherId, presentityId] of subscriptions) insertSubscription.run(watcherId, presentityId, created, created);
      })();
    } finally {
      db.close();
    }
  } else {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      const ids = users.map((user) => user.id);
      const names = users.map((user) => user.username);
      await client.query("BEGIN");
      await client.query(
        `INSERT INTO "User" (id, username, "displayName", "passwordHash", "createdAt", "scramSalt", "scramIterations", "scramKeys")
         SELECT id, name, name, $3, $4, $5, $6, $7 FROM unnest($1::text[], $2::text[]) AS t(id, name)`,
        [ids, names, passwordHash, now, scramSalt.toString("base64"), SCRAM_ITERATIONS, scramKeys],
      );
      await client.query(
        `INSERT INTO "Presentity" ("userId", version, availability, "updatedAt") SELECT id, 0, 'available', $2 FROM unnest($1::text[]) AS t(id)`,
        [ids, now],
      );
      await client.query(
        `INSERT INTO "Session" (id, "userId", "createdAt", "lastActiveAt", "expiresAt", "userAgent")
         SELECT sid, uid, $3, $3, $4, 'buddylist bench' FROM unnest($1::text[], $2::text[]) AS t(sid, uid)`,
        [users.map((user) => user.sessionId), ids, now, expires],
      );
      await client.query(
        `INSERT INTO "Subscription" ("watcherId", "presentityId", state, "createdAt", "updatedAt")
         SELECT w, p, 'active', $3, $3 FROM unnest($1::text[], $2::text[]) AS t(w, p)`,
        [subscriptions.map(([watcher]) => watcher), subscriptions.map(([, presentity]) => presentity), now],
      );
      await client.query("COMMIT");
    } finally {
      await client.end();
    }
  }

  return Promise.all(
    users.map(async (user) => {
      const jwe = await encode({
        token: { sub: user.id, sid: user.sessionId, name: user.username, username: user.username },
        secret: authSecret,
        salt: SESSION_COOKIE,
        maxAge: SESSION_DAYS * 24 * 60 * 60,
      });
      return { ...user, cookie: `${SESSION_COOKIE}=${jwe}` };
    }),
  );
}
