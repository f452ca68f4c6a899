// Direct SQL on a test server's database, for what no client can do (e.g. making an
// invitation expire without waiting days).
import Database from "better-sqlite3";
import pg from "pg";
import type { TestServer } from "./harness";
import { onPostgres, postgresUrlFor } from "./postgres";

export async function runSql(server: TestServer, sql: string): Promise<void> {
  if (onPostgres()) {
    const client = new pg.Client({ connectionString: await postgresUrlFor(server.dataDir) });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
    return;
  }
  const db = new Database(`${server.dataDir}/buddylist.db`);
  try {
    db.exec(sql);
  } finally {
    db.close();
  }
}
