// When the integration suite runs against PostgreSQL (TEST_DATABASE=postgres), each test
// server gets a database of its own, named after its data folder so that a restart with the
// same folder finds the same database, and dropped with the folder.
import path from "node:path";
import pg from "pg";

export const POSTGRES_ADMIN_URL = process.env.TEST_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

export const onPostgres = () => process.env.TEST_DATABASE === "postgres";

export function databaseNameFor(dataDir: string): string {
  return `buddylist_${path.basename(dataDir).replace(/[^a-z0-9]/gi, "_").toLowerCase()}`.slice(0, 63);
}

async function admin<T>(run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

/** The URL of this data folder's database, creating the database if it does not exist. */
export async function postgresUrlFor(dataDir: string): Promise<string> {
  const name = databaseNameFor(dataDir);
  await admin(async (client) => {
    const exists = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    if (exists.rowCount === 0) await client.query(`CREATE DATABASE "${name}"`);
  });
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function dropDatabaseFor(dataDir: string): Promise<void> {
  await admin((client) => client.query(`DROP DATABASE IF EXISTS "${databaseNameFor(dataDir)}" WITH (FORCE)`));
}
