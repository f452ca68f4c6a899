// The instances scenario's backing services: a redis-server of the bench's own (a free port, no
// persistence, killed afterwards) and one PostgreSQL database per configuration (created and
// dropped through the admin URL), with the counters the capacity model needs: Redis commands
// by name, publishes and bytes (INFO); PostgreSQL transactions and rows written
// (pg_stat_database, per database, so other users of the server do not count); and the CPU
// of this database's backends and of redis-server (/proc).
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { freePort } from "../tests/free-port";
import { Redis } from "ioredis";
import pg from "pg";
import { sampleProcess } from "./server-process";


export type RedisCounters = {
  /** Commands processed, by command name (INFO commandstats `calls`). */
  byCommand: Record<string, number>;
  commands: number;
  netInputBytes: number;
  netOutputBytes: number;
  cpuMs: number;
};

export type OwnRedis = {
  url: string;
  pid: number;
  counters(): Promise<RedisCounters>;
  stop(): Promise<void>;
};

export async function startOwnRedis(binary: string): Promise<OwnRedis> {
  const port = await freePort();
  const url = `redis://127.0.0.1:${port}`;
  const child: ChildProcess = spawn(binary, ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], {
    stdio: "ignore",
  });
  const exited = new Promise((resolve) => child.once("exit", resolve));
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  client.on("error", () => {}); // refused until the server is up: that is what we wait for
  for (let attempt = 0; ; attempt++) {
    try {
      await client.connect();
      await client.ping();
      break;
    } catch (error) {
      if (attempt >= 100 || child.exitCode !== null) {
        child.kill("SIGKILL");
        throw new Error(`${binary} did not start on port ${port} (is redis-server installed?): ${(error as Error).message}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  return {
    url,
    pid: child.pid!,
    async counters() {
      const info = await client.info("all");
      const byCommand: Record<string, number> = {};
      for (const match of info.matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm)) byCommand[match[1]!] = Number(match[2]);
      const field = (name: string) => Number(new RegExp(`^${name}:([\\d.]+)`, "m").exec(info)?.[1] ?? Number.NaN);
      return {
        byCommand,
        commands: field("total_commands_processed"),
        netInputBytes: field("total_net_input_bytes"),
        netOutputBytes: field("total_net_output_bytes"),
        cpuMs: sampleProcess(child.pid!).cpuMs,
      };
    },
    async stop() {
      client.disconnect();
      child.kill("SIGKILL");
      await exited;
    },
  };
}

/** The difference of two counter readings. */
export function redisDelta(before: RedisCounters, after: RedisCounters): RedisCounters {
  // The bench's own INFO calls are left out: they are not the service's.
  const byCommand: Record<string, number> = {};
  for (const [name, calls] of Object.entries(after.byCommand)) {
    const delta = calls - (before.byCommand[name] ?? 0);
    if (delta > 0 && name !== "info") byCommand[name] = delta;
  }
  return {
    byCommand,
    commands: Object.values(byCommand).reduce((total, calls) => total + calls, 0),
    netInputBytes: after.netInputBytes - before.netInputBytes,
    netOutputBytes: after.netOutputBytes - before.netOutputBytes,
    cpuMs: after.cpuMs - before.cpuMs,
  };
}

export type PostgresCounters = {
  commits: number;
  rollbacks: number;
  inserted: number;
  updated: number;
  deleted: number;
  /** Rows read by index or sequential scans (tup_fetched + tup_returned). */
  read: number;
  /** CPU of this database's backends (the pool's connections), from /proc. */
  backendCpuMs: number;
};

export type OwnDatabase = {
  url: string;
  name: string;
  /** Drops it synchronously (in a child process): for an abort, which cannot wait. */
  dropNow(): void;
  counters(): Promise<PostgresCounters>;
  drop(): Promise<void>;
};

/**
 * PostgreSQL reports a backend's counters when it commits at least a second after its last
 * report, or 10 s after it went idle (PGSTAT_IDLE_INTERVAL): a window's figures are complete
 * only that long after it ended.
 */
export const POSTGRES_STATS_LAG_MS = 11_000;

export async function createOwnDatabase(adminUrl: string, name: string): Promise<OwnDatabase> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin.query(`CREATE DATABASE "${name}"`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    dropNow() {
      const script =
        'const pg = require("pg"); const c = new pg.Client({ connectionString: process.argv[1] });' +
        'c.connect().then(() => c.query(process.argv[2])).finally(() => c.end());';
      try {
        execFileSync(process.execPath, ["-e", script, adminUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`], { stdio: "ignore", timeout: 10_000 });
      } catch {
        // best effort
      }
    },
    async counters() {
      await admin.query("SELECT pg_stat_clear_snapshot()");
      const { rows } = await admin.query<Record<string, string>>(
        `SELECT xact_commit, xact_rollback, tup_inserted, tup_updated, tup_deleted, tup_fetched, tup_returned
         FROM pg_stat_database WHERE datname = $1`,
        [name],
      );
      const backends = await admin.query<{ pid: number }>("SELECT pid FROM pg_stat_activity WHERE datname = $1", [name]);
      let backendCpuMs = 0;
      for (const { pid } of backends.rows) {
        try {
          backendCpuMs += sampleProcess(pid).cpuMs;
        } catch {
          // gone meanwhile
        }
      }
      const row = rows[0] ?? {};
      const number = (key: string) => Number(row[key] ?? Number.NaN);
      return {
        commits: number("xact_commit"),
        rollbacks: number("xact_rollback"),
        inserted: number("tup_inserted"),
        updated: number("tup_updated"),
        deleted: number("tup_deleted"),
        read: number("tup_fetched") + number("tup_returned"),
        backendCpuMs,
      };
    },
    async drop() {
      await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.end();
    },
  };
}

export function postgresDelta(before: PostgresCounters, after: PostgresCounters): PostgresCounters {
  return {
    commits: after.commits - before.commits,
    rollbacks: after.rollbacks - before.rollbacks,
    inserted: after.inserted - before.inserted,
    updated: after.updated - before.updated,
    deleted: after.deleted - before.deleted,
    read: after.read - before.read,
    // Backends that closed meanwhile take their CPU with them: a lower bound.
    backendCpuMs: Math.max(0, after.backendCpuMs - before.backendCpuMs),
  };
}
