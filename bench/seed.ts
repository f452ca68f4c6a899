// Seeds the benchmark's database before the server starts. Signing 2 000 people up over HTTP
// would spend minutes in Argon2, so the rows are written directly, in one transaction, after
// the real migrations created the schema: accounts (one precomputed Argon2 hash shared by
// all), presentities, live sessions, and active subscriptions both ways along a contact
// relation (the ring of workload.ts, or the pairs of im-workload.ts). Each client's session
// cookie is minted the way Auth.js mints it, naming its Session row, so sockets authenticate
// exactly as browsers do. SQLite through better-sqlite3, PostgreSQL through pg (one unnest()
// insert per table).
import { randomUUID } from "node:crypto";
import Database from "better-sqlite3";
import { encode } from "next-auth/jwt";
import pg from "pg";
import { hashPassword } from "@/lib/accounts/passwords";
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
};

/**
 * Creates the schema and returns the `clients` members followed by one warm-up account
 * (index `clients`) that has no contacts.
 */
export async function seedDatabase(options: SeedOptions): Promise<SeededUser[]> {
  const { databaseUrl, clients, contactsOf, authSecret } = options;
  await applyMigrations(databaseUrl);

  const passwordHash = await hashPassword(BENCH_PASSWORD);
  const now = new Date();
  const expires = new Date(now.getTime() + SESSION_DAYS * 24 * 60 * 60 * 1000);
  const users = Array.from({ length: clients + 1 }, (_, index) => ({
    index,
    id: randomUUID(),
    username: usernameOf(index, clients),
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
      const insertUser = db.prepare('INSERT INTO "User" (id, username, displayName, passwordHash, createdAt) VALUES (?, ?, ?, ?, ?)');
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
          insertUser.run(user.id, user.username, user.username, passwordHash, created);
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
        `INSERT INTO "User" (id, username, "displayName", "passwordHash", "createdAt")
         SELECT id, name, name, $3, $4 FROM unnest($1::text[], $2::text[]) AS t(id, name)`,
        [ids, names, passwordHash, now],
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
